// The fake provider must be usable by the real SDKs: each fixture goes through the SDK's own parser here, untraced.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText, tool, stepCountIs } from 'ai';
import { z } from 'zod';
import { createFakeProvider, type FakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';

let fake: FakeProvider;
before(async () => {
  fake = await createFakeProvider({ eventDelayMs: 5 });
});
after(() => fake.close());

describe('fake provider with the openai SDK', () => {
  const client = () => new OpenAI({ apiKey: 'test', baseURL: `${fake.url}/v1`, maxRetries: 0 });

  test('chat, streamed chat with usage, parallel tool calls, n=2', async () => {
    const res = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(res.choices[0].message.content, 'Hello! How can I help you today?');
    assert.equal(res.model, 'gpt-4o-mini');
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    assert.equal(text, 'Hello! How can I help you today?');
    assert.equal(usage?.prompt_tokens, 19);
    const tools = await client().chat.completions.stream({ model: 'gpt-4o-mini-tools', messages: [{ role: 'user', content: 'Weather?' }] }).finalMessage();
    assert.deepEqual(tools.tool_calls?.map((c: any) => JSON.parse(c.function.arguments).location), ['Paris', 'Tokyo']);
    const n2 = await client().chat.completions.create({ model: 'gpt-4o-mini', n: 2, messages: [{ role: 'user', content: 'Poem' }] });
    assert.equal(n2.choices.length, 2);
  });

  test('responses (streamed and not), embeddings (base64), legacy completions, errors', async () => {
    const r = await client().responses.create({ model: 'gpt-4.1-mini', input: 'Hi', instructions: 'Be brief' });
    assert.equal(r.output_text, 'Hello! How can I help you today?');
    const s = client().responses.stream({ model: 'gpt-4.1-mini-tools', input: 'Weather in Paris?' });
    const final = await s.finalResponse();
    assert.equal((final.output[0] as any).name, 'get_weather');
    const e = await client().embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    assert.equal(e.data.length, 2);
    assert.equal(e.data[0].embedding.length, 8);
    assert.ok(Math.abs(e.data[0].embedding[0] - -0.0387) < 1e-6);
    const c = await client().completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test' });
    assert.equal(c.choices[0].text, '\n\nThis is indeed a test.');
    await assert.rejects(client().chat.completions.create({ model: 'gpt-rate-limit', messages: [] }), OpenAI.RateLimitError);
    await assert.rejects(client().chat.completions.create({ model: 'gpt-server-error', messages: [] }), OpenAI.InternalServerError);
    const broken = await client().chat.completions.create({ model: 'gpt-fail-mid-stream', messages: [], stream: true });
    await assert.rejects(async () => {
      for await (const _ of broken);
    });
  });
});

describe('fake provider with @anthropic-ai/sdk', () => {
  const client = () => new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
  test('text, stream, tool use, thinking, errors', async () => {
    const m = await client().messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(m.content, [{ type: 'text', text: 'Hello! How can I help you today?' }]);
    const final = await client().messages.stream({ model: 'claude-haiku-4-5-tools', max_tokens: 100, messages: [{ role: 'user', content: 'Weather?' }] }).finalMessage();
    assert.deepEqual((final.content[1] as any).input, { location: 'Paris' });
    assert.equal(final.usage.output_tokens, 71);
    const thinking = await client().messages.stream({ model: 'claude-thinking', max_tokens: 2000, messages: [{ role: 'user', content: '27*453' }] }).finalMessage();
    assert.equal(thinking.content[0].type, 'thinking');
    await assert.rejects(client().messages.create({ model: 'claude-rate-limit', max_tokens: 10, messages: [] }), Anthropic.RateLimitError);
    await assert.rejects(client().messages.stream({ model: 'claude-stream-error', max_tokens: 10, messages: [] }).finalMessage(), /Overloaded/);
  });
});

describe('fake provider scenarios through the SDKs\' per-request headers', () => {
  test('openai and @anthropic-ai/sdk: { headers } on create/stream select the scenario, the model stays real', async () => {
    const openai = new OpenAI({ apiKey: 'test', baseURL: `${fake.url}/v1`, maxRetries: 0 });
    const tools = { headers: { 'x-fake-scenario': 'tools,slow-1' } };
    const call = await openai.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Weather?' }] }, tools);
    assert.equal(call.model, 'gpt-4.1');
    assert.equal(call.choices[0].message.tool_calls?.length, 2);
    const streamed = await openai.chat.completions.stream({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'Weather?' }] }, tools).finalChatCompletion();
    assert.equal(streamed.choices[0].finish_reason, 'tool_calls');
    await assert.rejects(
      openai.chat.completions.create({ model: 'gpt-4o', messages: [] }, { headers: { 'x-fake-scenario': 'rate-limit' } }),
      OpenAI.RateLimitError,
    );
    const anthropic = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
    const use = await anthropic.messages
      .stream({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Weather?' }] }, tools)
      .finalMessage();
    assert.equal(use.model, 'claude-sonnet-4-5');
    assert.equal(use.stop_reason, 'tool_use');
    await assert.rejects(
      anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [] }, { headers: { 'x-fake-scenario': 'rate-limit' } }),
      Anthropic.RateLimitError,
    );
    assert.equal(fake.requests.at(-1)!.headers['x-fake-scenario'], 'rate-limit');
  });
});

describe('fake provider with @google/genai', () => {
  const client = () => new GoogleGenAI({ apiKey: 'test', httpOptions: { baseUrl: fake.url } });
  test('generate, stream, function calls, embeddings, errors', async () => {
    const r = await client().models.generateContent({ model: 'gemini-2.5-flash', contents: 'Hi' });
    assert.equal(r.text, 'Hello! How can I help you today?');
    let text = '';
    for await (const chunk of await client().models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Hi' })) text += chunk.text ?? '';
    assert.equal(text, 'Hello! How can I help you today?');
    const fc = await client().models.generateContent({ model: 'gemini-2.5-flash-tools', contents: 'Weather?' });
    assert.equal(fc.functionCalls?.length, 2);
    const emb = await client().models.embedContent({ model: 'gemini-embedding-001', contents: ['a', 'b'] });
    assert.equal(emb.embeddings?.length, 2);
    await assert.rejects(client().models.generateContent({ model: 'gemini-rate-limit', contents: 'Hi' }), /429|RESOURCE_EXHAUSTED/);
  });
});

describe('fake provider with the AI SDK', () => {
  test('openai (responses and chat) and anthropic providers, agent loop with tools', async () => {
    const openai = createOpenAI({ apiKey: 'test', baseURL: `${fake.url}/v1` });
    const anthropic = createAnthropic({ apiKey: 'test', baseURL: `${fake.url}/v1` });
    const weather = tool({
      description: 'Get the weather',
      inputSchema: z.object({ location: z.string() }),
      execute: async ({ location }) => ({ location, temperature: 18 }),
    });
    for (const model of [openai('gpt-4.1-mini-tools'), openai.chat('gpt-4o-mini-tools'), anthropic('claude-haiku-4-5-tools')]) {
      const result = await generateText({ model, prompt: 'Weather?', tools: { weather: { ...weather } }, stopWhen: stepCountIs(4), maxRetries: 0 });
      assert.ok(result.steps.length >= 2, `${model.modelId}: ${result.steps.length} steps`);
      assert.match(result.text, /18°C/);
    }
    for (const model of [openai('gpt-4.1-mini'), openai.chat('gpt-4o-mini'), anthropic('claude-haiku-4-5')]) {
      const result = streamText({ model, prompt: 'Hi', maxRetries: 0 });
      assert.equal(await result.text, 'Hello! How can I help you today?');
      assert.ok((await result.usage).inputTokens! > 0);
    }
  });
});
