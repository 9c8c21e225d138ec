// What the caller receives through tracedFetch is byte for byte what the provider sent (and what it receives without
// tracing), for every streamed wire format the fake provider replays; the spans still get the exact usage.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fixturesDir } from '../../viewer/fake-provider/fixture-files.js';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { tracedFetch } from '../../lib/node.js';
import { fixture, jsonAttribute, startHarness, type Harness } from '../helpers/traced-harness.js';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const recorded = (path: string) => readFileSync(fixturesDir + path);
const post = async (fetchFn: typeof fetch, path: string, body: unknown) => {
  const res = await fetchFn(`${h.fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer SECRETKEY' }, body: JSON.stringify(body) });
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
};

// Requests whose model equals the recorded one, so the fake provider's model echo leaves the recorded bytes as they are.
const streams: Array<{ name: string; path: string; body: unknown; file: string; tokens: [number, number] }> = [
  { name: 'OpenAI chat SSE with usage chunk', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini-2024-07-18', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } }, file: 'openai/chat-text.sse', tokens: [19, 10] },
  { name: 'OpenAI chat SSE tool calls', path: '/v1/chat/completions', body: { model: 'gpt-4o-mini-2024-07-18-tools', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } }, file: '', tokens: [81, 46] },
  { name: 'OpenAI Responses SSE', path: '/v1/responses', body: { model: 'gpt-4.1-mini-2025-04-14', input: 'Hi', stream: true }, file: 'openai/responses-text.sse', tokens: [27, 10] },
  { name: 'OpenAI legacy completions SSE', path: '/v1/completions', body: { model: 'gpt-3.5-turbo-instruct:20230824-v2', prompt: 'Hi', stream: true, stream_options: { include_usage: true } }, file: 'openai/completions.sse', tokens: [5, 7] },
  { name: 'Anthropic SSE with event lines and ping', path: '/v1/messages', body: { model: 'claude-sonnet-4-5-20250929', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }], stream: true }, file: 'anthropic/messages-text.sse', tokens: [21, 12] },
  { name: 'Gemini alt=sse (CRLF framing)', path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', body: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }, file: 'gemini/stream-text.sse', tokens: [8, 9 + 23] }, // output: 9 candidates + 23 thoughts
  { name: 'Gemini JSON-array stream', path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent', body: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }, file: '', tokens: [8, 9 + 23] },
  { name: 'Ollama /api/chat NDJSON (streamed by default)', path: '/api/chat', body: { model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] }, file: 'ollama/chat-text.ndjson', tokens: [31, 10] },
  { name: 'Ollama /api/generate NDJSON', path: '/api/generate', body: { model: 'llama3.2', prompt: 'Why is the sky blue?' }, file: 'ollama/generate-text.ndjson', tokens: [30, 11] },
];

describe('stream transparency', () => {
  for (const s of streams) {
    test(`${s.name}: same bytes traced and untraced; exact usage on the span`, async () => {
      const plain = await post(fetch, s.path, s.body);
      const mark = h.mark();
      const traced = await post(tracedFetch, s.path, s.body);
      assert.equal(traced.status, 200);
      assert.equal(traced.type, plain.type);
      assert.ok(traced.bytes.equals(plain.bytes), 'traced bytes differ from untraced bytes');
      if (s.file) assert.ok(traced.bytes.equals(recorded(s.file)), 'bytes differ from the recorded fixture');
      const [span] = await h.spansSince(mark);
      assert.equal(span.attributes['gen_ai.request.stream'], true);
      assert.deepEqual([span.attributes['gen_ai.usage.input_tokens'], span.attributes['gen_ai.usage.output_tokens']], s.tokens);
      assert.ok(!JSON.stringify(span).includes('SECRETKEY'));
      assert.equal(h.fake.requests.at(-1)!.headers.traceparent, undefined, 'no traceparent to LLM providers by default');
    });
  }

  test('Ollama non-streamed (stream: false) is parsed from JSON', async () => {
    const mark = h.mark();
    const res = await post(tracedFetch, '/api/chat', { model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }], stream: false });
    assert.equal(JSON.parse(res.bytes.toString()).done, true);
    const [span] = await h.spansSince(mark);
    const body = fixture('ollama/chat-text.json');
    assert.equal(span.attributes['gen_ai.request.stream'], false);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], body.prompt_eval_count);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.output.messages'), [{ role: 'assistant', parts: [{ type: 'text', content: body.message.content }], finish_reason: 'stop' }]);
  });

  test('the openai SDK receives the recorded SSE bytes unchanged through tracedFetch', async () => {
    const client = (fetchFn?: typeof fetch) => new OpenAI({ apiKey: 'k', baseURL: `${h.fake.url}/v1`, maxRetries: 0, fetch: fetchFn });
    const raw = async (fetchFn?: typeof fetch) => {
      const response = await client(fetchFn)
        .chat.completions.create({ model: 'gpt-4o-mini-2024-07-18', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } })
        .asResponse();
      return Buffer.from(await response.arrayBuffer());
    };
    const plain = await raw();
    const traced = await raw(tracedFetch);
    assert.ok(traced.equals(plain));
    assert.ok(traced.equals(recorded('openai/chat-text.sse')));
  });
});
