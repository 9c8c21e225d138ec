// The core under real SDK clients (openai, @anthropic-ai/sdk) against the fake provider: what the SDK yields is the
// same with and without tracing, and SDK-level break, abort, HTTP errors and broken streams end the span correctly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { init, shutdown, flush, tracedFetch } from '../../lib/node.js';
import { createFakeProvider, type FakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';
import { createOtlpSink, type OtlpSink, type SinkSpan } from '../helpers/otlp-sink.js';

let sink: OtlpSink;
let fake: FakeProvider;
let plainAi: OpenAI;
let tracedAi: OpenAI;

before(async () => {
  sink = await createOtlpSink();
  fake = await createFakeProvider({ eventDelayMs: 20 });
  init({ endpoint: sink.url, exportMode: 'immediate', patchFetch: false });
  plainAi = new OpenAI({ apiKey: 'sk-test-SECRET', baseURL: `${fake.url}/v1`, maxRetries: 0, fetch: globalThis.fetch });
  tracedAi = new OpenAI({ apiKey: 'sk-test-SECRET', baseURL: `${fake.url}/v1`, maxRetries: 0, fetch: tracedFetch });
});
after(async () => {
  await shutdown();
  await fake.close();
  await sink.close();
});

async function spanAfter(count: number): Promise<SinkSpan> {
  await flush();
  const spans = await sink.waitForSpans(count + 1);
  return spans[count]!;
}

const messages = [{ role: 'user' as const, content: 'Say hello' }];

test('OpenAI streamed chat: the SDK yields the same deltas traced and untraced; usage lands on the span', async () => {
  const collect = async (ai: OpenAI) => {
    const stream = await ai.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    const out: unknown[] = [];
    for await (const chunk of stream) out.push({ delta: chunk.choices[0]?.delta, finish: chunk.choices[0]?.finish_reason, usage: chunk.usage });
    return out;
  };
  const count = sink.spans().length;
  const plain = await collect(plainAi);
  const traced = await collect(tracedAi);
  assert.deepEqual(traced, plain);
  const span = await spanAfter(count);
  assert.equal(span.name, 'chat gpt-4o-mini');
  const usage = (plain.at(-1) as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
  assert.equal(span.attributes['gen_ai.usage.input_tokens'], usage.prompt_tokens);
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], usage.completion_tokens);
  assert.ok(!JSON.stringify(span).includes('SECRET'));
});

test('OpenAI: breaking out of the SDK stream early ends the span', async () => {
  const count = sink.spans().length;
  const stream = await tracedAi.chat.completions.create({ model: 'gpt-4o-mini-slow-long', messages, stream: true });
  let n = 0;
  for await (const _ of stream) if (++n === 2) break;
  const span = await spanAfter(count);
  assert.equal(span.name, 'chat gpt-4o-mini-slow-long');
  assert.ok(Number(span.endTimeUnixNano) > 0);
});

test('OpenAI: HTTP 429 surfaces as the same SDK error; span ERROR with the provider error type', async () => {
  const req = { model: 'gpt-4o-mini-rate-limit', messages };
  const plain = await plainAi.chat.completions.create(req).catch((e) => e);
  const count = sink.spans().length;
  const traced = await tracedAi.chat.completions.create(req).catch((e) => e);
  assert.equal(traced.constructor, plain.constructor);
  assert.equal(traced.status, 429);
  assert.equal(traced.message, plain.message);
  const span = await spanAfter(count);
  assert.equal(span.status.code, 2);
  assert.equal(span.attributes['http.response.status_code'], 429);
  assert.ok(typeof span.attributes['error.type'] === 'string' && span.attributes['error.type'] !== '');
});

test('OpenAI: a stream broken half way throws the same error through the SDK; span ERROR', async () => {
  const run = async (ai: OpenAI) => {
    try {
      const stream = await ai.chat.completions.create({ model: 'gpt-4o-mini-fail-mid-stream', messages, stream: true });
      for await (const _ of stream);
      return 'no error';
    } catch (error) {
      return error as Error;
    }
  };
  const plain = await run(plainAi);
  const count = sink.spans().length;
  const traced = await run(tracedAi);
  assert.ok(traced instanceof Error);
  assert.equal(traced.constructor, (plain as Error).constructor);
  assert.equal(traced.message, (plain as Error).message);
  const span = await spanAfter(count);
  assert.equal(span.status.code, 2);
});

test('OpenAI: AbortController through the SDK rejects the same way and ends the span as ERROR', async () => {
  const run = async (ai: OpenAI) => {
    const controller = new AbortController();
    const stream = await ai.chat.completions.create({ model: 'gpt-4o-mini-slow-long', messages, stream: true }, { signal: controller.signal });
    try {
      for await (const _ of stream) controller.abort();
      return 'no error';
    } catch (error) {
      return error as Error;
    }
  };
  const plain = await run(plainAi);
  const count = sink.spans().length;
  const traced = await run(tracedAi);
  assert.equal((traced as Error).constructor, (plain as Error).constructor);
  const span = await spanAfter(count);
  assert.equal(span.status.code, 2);
});

test('Anthropic streamed message: same text, usage from message_start/message_delta', async () => {
  const make = (fetchFn: typeof fetch) => new Anthropic({ apiKey: 'sk-ant-SECRET', baseURL: fake.url, maxRetries: 0, fetch: fetchFn });
  const run = async (client: Anthropic) => {
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 100, messages });
    const text = await stream.finalText();
    return { text, usage: (await stream.finalMessage()).usage };
  };
  const plain = await run(make(globalThis.fetch));
  const count = sink.spans().length;
  const traced = await run(make(tracedFetch));
  assert.deepEqual(traced, plain);
  const span = await spanAfter(count);
  assert.equal(span.attributes['gen_ai.provider.name'], 'anthropic');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], plain.usage.output_tokens);
  assert.ok(!JSON.stringify(span).includes('SECRET'));
});
