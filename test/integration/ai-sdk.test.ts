// The Vercel AI SDK (`ai` with @ai-sdk/openai and @ai-sdk/anthropic, fetch: tracedFetch) -> fake provider.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { tracedFetch } from '../../lib/node.js';
import { caught, fixture, fixtureSseData, jsonAttribute, startHarness, type Harness } from '../helpers/traced-harness.js';

let h: Harness;
let providers: (fetch?: typeof globalThis.fetch) => { openai: ReturnType<typeof createOpenAI>; anthropic: ReturnType<typeof createAnthropic> };
before(async () => {
  h = await startHarness();
  providers = (fetch) => ({
    openai: createOpenAI({ apiKey: 'sk-SECRETKEY', baseURL: `${h.fake.url}/v1`, fetch }),
    anthropic: createAnthropic({ apiKey: 'sk-ant-SECRETKEY', baseURL: `${h.fake.url}/v1`, fetch }),
  });
});
after(() => h.close());

const weather = tool({
  description: 'Get the weather for a city',
  inputSchema: z.object({ location: z.string() }),
  execute: async ({ location }) => ({ location, temperature: 18 }),
});

describe('AI SDK traced', () => {
  test('agent loop on the OpenAI Responses API: one span per step, tool call then tool result', async () => {
    const { openai } = providers(tracedFetch);
    const mark = h.mark();
    const result = await generateText({ model: openai('gpt-4.1-mini-tools'), prompt: 'Weather in Paris?', tools: { get_weather: weather }, stopWhen: stepCountIs(4), maxRetries: 0 });
    assert.equal(result.steps.length, 2);
    const [first, second] = await h.spansSince(mark, 2);
    assert.equal(first.name, 'chat gpt-4.1-mini-tools');
    assert.deepEqual(jsonAttribute(first, 'gen_ai.output.messages')[0].parts, [
      { type: 'tool_call', id: 'call_Vx3kP9mQ2tL7wR4nB8yZ6cJd', name: 'get_weather', arguments: { location: 'Paris' } },
    ]);
    assert.equal(first.attributes['gen_ai.usage.input_tokens'], fixture('openai/responses-tool-call.json').usage.input_tokens);
    assert.deepEqual(jsonAttribute(second, 'gen_ai.input.messages').at(-1).parts[0].type, 'tool_call_response');
    assert.equal(second.attributes['gen_ai.usage.output_tokens'], fixture('openai/responses-tool-answer.json').usage.output_tokens);
    assert.ok(!JSON.stringify([first, second]).includes('SECRETKEY'));
  });

  test('streamText on OpenAI chat completions: the SDK and the span report the same exact usage', async () => {
    const { openai } = providers(tracedFetch);
    const mark = h.mark();
    const result = streamText({ model: openai.chat('gpt-4o-mini'), prompt: 'Say hello', maxRetries: 0 });
    assert.equal(await result.text, 'Hello! How can I help you today?');
    const usage = await result.usage;
    const [span] = await h.spansSince(mark);
    const recorded = fixtureSseData('openai/chat-text.sse').find((d) => d.usage).usage;
    assert.equal(usage.inputTokens, recorded.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], recorded.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], recorded.completion_tokens);
    assert.equal(span.attributes['gen_ai.request.stream'], true);
  });

  test('streamText on Anthropic with tools: two spans, usage from message_delta', async () => {
    const { anthropic } = providers(tracedFetch);
    const mark = h.mark();
    const result = streamText({ model: anthropic('claude-haiku-4-5-tools'), prompt: 'Weather in Paris?', tools: { get_weather: weather }, stopWhen: stepCountIs(4), maxRetries: 0 });
    assert.match(await result.text, /18°C/);
    const [first, second] = await h.spansSince(mark, 2);
    const delta = fixtureSseData('anthropic/messages-tool-use.sse').find((e) => e.type === 'message_delta');
    assert.equal(first.attributes['gen_ai.provider.name'], 'anthropic');
    assert.equal(first.attributes['gen_ai.usage.output_tokens'], delta.usage.output_tokens);
    assert.deepEqual(first.attributes['gen_ai.response.finish_reasons'], ['tool_use']);
    assert.deepEqual(second.attributes['gen_ai.response.finish_reasons'], ['end_turn']);
  });

  test('HTTP 429: the same APICallError; span ERROR', async () => {
    const run = (fetch?: typeof globalThis.fetch) => caught(generateText({ model: providers(fetch).openai.chat('gpt-4o-mini-rate-limit'), prompt: 'Hi', maxRetries: 0 }));
    const expected = await run();
    const mark = h.mark();
    const error = await run(tracedFetch);
    assert.ok(APICallError.isInstance(error));
    assert.equal(error.constructor, expected.constructor);
    assert.equal(error.message, expected.message);
    assert.equal(error.statusCode, 429);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
    assert.equal(span.attributes['error.type'], 'rate_limit_exceeded');
  });

  test('a stream broken half way: the caller sees the same parts and the same error; span ERROR', async () => {
    const run = async (fetch?: typeof globalThis.fetch) => {
      const result = streamText({ model: providers(fetch).anthropic('claude-haiku-4-5-fail-mid-stream'), prompt: 'Hi', maxRetries: 0, onError: () => {} });
      const parts: string[] = [];
      const error = await caught(async () => {
        for await (const part of result.fullStream) parts.push(part.type === 'text-delta' ? part.text : part.type);
      });
      return { parts, error: `${error.constructor.name}: ${error.message} (${error.cause?.message})` };
    };
    const expected = await run();
    const mark = h.mark();
    const got = await run(tracedFetch);
    assert.deepEqual(got, expected);
    assert.match(got.error, /^APICallError/);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
  });

  test('breaking out of textStream early ends the span', async () => {
    const mark = h.mark();
    const controller = new AbortController();
    const result = streamText({ model: providers(tracedFetch).openai.chat('gpt-4o-mini-slow-10-long'), prompt: 'Hi', maxRetries: 0, abortSignal: controller.signal });
    let n = 0;
    for await (const _ of result.textStream) if (++n === 3) break;
    controller.abort();
    const [span] = await h.spansSince(mark);
    assert.equal(span.name, 'chat gpt-4o-mini-slow-10-long');
  });
});
