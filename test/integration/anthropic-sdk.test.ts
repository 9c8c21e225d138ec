// The real @anthropic-ai/sdk client -> tracedFetch -> fake provider; spans exported as OTLP JSON.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { tracedFetch } from '../../lib/node.js';
import { caught, fixture, fixtureSseData, jsonAttribute, startHarness, type Harness } from '../helpers/traced-harness.js';

let h: Harness;
let traced: Anthropic;
let plain: Anthropic;
before(async () => {
  h = await startHarness('http/json');
  traced = new Anthropic({ apiKey: 'sk-ant-SECRETKEY', baseURL: h.fake.url, maxRetries: 0, fetch: tracedFetch });
  plain = new Anthropic({ apiKey: 'sk-ant-SECRETKEY', baseURL: h.fake.url, maxRetries: 0 });
});
after(() => h.close());

const MODEL = 'claude-haiku-4-5';
const messages = [{ role: 'user' as const, content: 'Say hello' }];
const streamUsage = (path: string) => {
  const events = fixtureSseData(path);
  return { start: events.find((e) => e.type === 'message_start').message.usage, end: events.find((e) => e.type === 'message_delta').usage };
};

describe('@anthropic-ai/sdk traced', () => {
  test('non-streamed: system instructions, content, exact usage; exported as OTLP JSON', async () => {
    const mark = h.mark();
    const msg = await traced.messages.create({ model: MODEL, max_tokens: 256, system: 'Be brief.', messages });
    assert.equal(msg.content[0].type, 'text');
    const [span] = await h.spansSince(mark);
    const recorded = fixture('anthropic/messages-text.json');
    assert.equal(span.name, `chat ${MODEL}`);
    assert.equal(span.attributes['gen_ai.provider.name'], 'anthropic');
    assert.equal(span.attributes['gen_ai.request.max_tokens'], 256);
    assert.equal(span.attributes['gen_ai.response.id'], recorded.id);
    assert.deepEqual(span.attributes['gen_ai.response.finish_reasons'], ['end_turn']);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], recorded.usage.input_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], recorded.usage.output_tokens);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.system_instructions'), [{ type: 'text', content: 'Be brief.' }]);
    assert.ok(!JSON.stringify(span).includes('SECRETKEY'));
    assert.ok(h.sink.contentTypes().every((t) => t.includes('json')), h.sink.contentTypes().join());
  });

  test('streamed: input usage from message_start, output usage from message_delta', async () => {
    const mark = h.mark();
    const stream = traced.messages.stream({ model: MODEL, max_tokens: 256, messages });
    const final = await stream.finalMessage();
    const [span] = await h.spansSince(mark);
    const { start, end } = streamUsage('anthropic/messages-text.sse');
    assert.equal(final.usage.output_tokens, end.output_tokens);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], start.input_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], end.output_tokens);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.output.messages'), [
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'end_turn' },
    ]);
  });

  test('streamed tool use then the tool_result turn', async () => {
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { location: { type: 'string' } } } }];
    const mark = h.mark();
    const first = await traced.messages.stream({ model: `${MODEL}-tools`, max_tokens: 256, messages, tools }).finalMessage();
    const use = first.content.find((b) => b.type === 'tool_use')!;
    await traced.messages.create({
      model: `${MODEL}-tools`,
      max_tokens: 256,
      tools,
      messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: '18°C' }] }],
    });
    const [a, b] = await h.spansSince(mark, 2);
    assert.deepEqual(jsonAttribute(a, 'gen_ai.output.messages')[0].parts[1], { type: 'tool_call', id: use.id, name: 'get_weather', arguments: { location: 'Paris' } });
    assert.deepEqual(a.attributes['gen_ai.response.finish_reasons'], ['tool_use']);
    assert.deepEqual(jsonAttribute(a, 'gen_ai.tool.definitions'), [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: tools[0].input_schema }]);
    assert.deepEqual(jsonAttribute(b, 'gen_ai.input.messages').at(-1), { role: 'tool', parts: [{ type: 'tool_call_response', id: use.id, response: '18°C' }] });
    assert.equal(b.attributes['gen_ai.usage.output_tokens'], fixture('anthropic/messages-tool-answer.json').usage.output_tokens);
  });

  test('streamed thinking: reasoning part and cache read tokens', async () => {
    const mark = h.mark();
    await traced.messages.stream({ model: `${MODEL}-thinking`, max_tokens: 2048, messages }).finalMessage();
    const [span] = await h.spansSince(mark);
    const { start } = streamUsage('anthropic/messages-thinking.sse');
    assert.equal(jsonAttribute(span, 'gen_ai.output.messages')[0].parts[0].type, 'reasoning');
    assert.equal(span.attributes['gen_ai.usage.cache_read.input_tokens'], start.cache_read_input_tokens);
  });

  test('prompt-cache hit, streamed and not: input tokens include the cache reads and writes, as the GenAI conventions count', async () => {
    for (const stream of [false, true]) {
      const mark = h.mark();
      const req = { model: MODEL, max_tokens: 256, messages };
      const opts = { headers: { 'x-fake-scenario': 'cached' } };
      const msg = stream ? await traced.messages.stream(req, opts).finalMessage() : await traced.messages.create(req, opts);
      const [span] = await h.spansSince(mark);
      const u = msg.usage;
      assert.ok(u.cache_read_input_tokens && u.cache_creation_input_tokens, 'the reply reports cache use');
      assert.equal(span.attributes['gen_ai.usage.input_tokens'], u.input_tokens + u.cache_read_input_tokens + u.cache_creation_input_tokens, `stream: ${stream}`);
      assert.equal(span.attributes['gen_ai.usage.cache_read.input_tokens'], u.cache_read_input_tokens);
      assert.equal(span.attributes['gen_ai.usage.cache_creation.input_tokens'], u.cache_creation_input_tokens);
      assert.equal(span.attributes['gen_ai.usage.output_tokens'], u.output_tokens);
    }
  });

  test('HTTP 429: same SDK error class and message; span error.type is the Anthropic error type', async () => {
    const req = { model: `${MODEL}-rate-limit`, max_tokens: 10, messages };
    const expected = await caught(plain.messages.create(req));
    const mark = h.mark();
    const error = await caught(traced.messages.create(req));
    assert.ok(error instanceof Anthropic.RateLimitError);
    assert.equal(error.constructor, expected.constructor);
    assert.equal(error.message, expected.message);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
    assert.equal(span.attributes['error.type'], 'rate_limit_error');
  });

  test('an `error` event mid-stream: the SDK throws it as before; span ERROR overloaded_error', async () => {
    const req = { model: `${MODEL}-stream-error`, max_tokens: 10, messages };
    const expected = await caught(plain.messages.stream(req).finalMessage());
    const mark = h.mark();
    const error = await caught(traced.messages.stream(req).finalMessage());
    assert.equal(error.constructor, expected.constructor);
    assert.equal(error.message, expected.message);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
    assert.equal(span.attributes['error.type'], 'overloaded_error');
  });

  test('a connection lost half way: same error to the caller; span ERROR', async () => {
    const req = { model: `${MODEL}-fail-mid-stream`, max_tokens: 10, messages, stream: true as const };
    const run = async (client: Anthropic) => caught(async () => {
      for await (const _ of await client.messages.create(req));
    });
    const expected = await run(plain);
    const mark = h.mark();
    const error = await run(traced);
    assert.equal(error.constructor, expected.constructor);
    assert.equal(error.message, expected.message);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
  });

  test('breaking out early ends the span', async () => {
    const mark = h.mark();
    const stream = await traced.messages.create({ model: `${MODEL}-long`, max_tokens: 10, messages, stream: true });
    let n = 0;
    for await (const _ of stream) if (++n === 3) break;
    const [span] = await h.spansSince(mark);
    assert.equal(span.name, `chat ${MODEL}-long`);
  });
});
