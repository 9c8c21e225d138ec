// The fake provider's own contract: routes, scenarios by header or model name, wire details the SDK tests do not look at.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createParser } from 'eventsource-parser';
import { createFakeProvider, type FakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';
import { CACHED_USAGE } from '../../viewer/fake-provider/usage-rewrite.js';
import { parseScenario, unknownScenarioKeywords } from '../../viewer/fake-provider/scenarios.js';

let fake: FakeProvider;
before(async () => {
  fake = await createFakeProvider({ eventDelayMs: 1 });
});
after(() => fake.close());

const post = (path: string, body: unknown, init: RequestInit = {}) =>
  fetch(`${fake.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...init });
const sseData = (text: string) => {
  const data: string[] = [];
  const parser = createParser({ onEvent: (e) => data.push(e.data) });
  parser.feed(text);
  return data;
};

describe('fake provider scenarios', () => {
  test('scenario keywords combine; slow takes its delay from the name or the server option', () => {
    assert.deepEqual(parseScenario('gpt-4o-mini'), { outcome: 'ok', content: 'text', cached: false, eventDelayMs: 0, eventCount: 0, latencyMs: 0 });
    assert.deepEqual(parseScenario('gpt-4o-mini-slow-50-tools'), { outcome: 'ok', content: 'tools', cached: false, eventDelayMs: 50, eventCount: 0, latencyMs: 0 });
    assert.deepEqual(parseScenario('claude-slow-long', { slowDelayMs: 7 }), { outcome: 'ok', content: 'text', cached: false, eventDelayMs: 7, eventCount: 200, latencyMs: 0 });
    assert.equal(parseScenario('x-rate-limit').outcome, 'rate-limit');
    assert.equal(parseScenario('x-fail-mid-stream').outcome, 'fail-mid-stream');
  });

  test('x-fake-scenario header: keywords by comma or space, winning over the model name for what it sets', () => {
    assert.deepEqual(parseScenario('gpt-4.1', { header: 'tools,slow-15' }), { outcome: 'ok', content: 'tools', cached: false, eventDelayMs: 15, eventCount: 0, latencyMs: 0 });
    assert.deepEqual(parseScenario('gpt-4.1', { header: ' Rate-Limit  long ' }), { outcome: 'rate-limit', content: 'text', cached: false, eventDelayMs: 0, eventCount: 200, latencyMs: 0 });
    // The model's keywords fill in what the header leaves unset; the header's own win.
    assert.deepEqual(parseScenario('m-tools-slow-50', { header: 'slow-5' }), { outcome: 'ok', content: 'tools', cached: false, eventDelayMs: 5, eventCount: 0, latencyMs: 0 });
    assert.equal(parseScenario('m-rate-limit', { header: 'server-error' }).outcome, 'server-error');
    assert.equal(parseScenario('m', { header: 'slow', slowDelayMs: 9 }).eventDelayMs, 9);
    assert.equal(parseScenario('m-latency-40', { header: 'tools' }).latencyMs, 40);
    assert.equal(parseScenario('m', { header: 'latency-250 slow-5' }).latencyMs, 250);
    assert.deepEqual(unknownScenarioKeywords('tools, slow-15 thinking latency-300'), []);
    assert.deepEqual(unknownScenarioKeywords('tools,sloww,gpt-4o,latency'), ['sloww', 'gpt-4o', 'latency']);
  });

  test('header scenarios keep the real model and the recorded wire format; the header is never echoed', async () => {
    const byHeader = await post('/v1/chat/completions', { model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] }, {
      headers: { 'content-type': 'application/json', 'x-fake-scenario': 'tools' },
    });
    const byModel = await post('/v1/chat/completions', { model: 'gpt-4.1-tools', messages: [{ role: 'user', content: 'x' }] });
    const headerText = await byHeader.text();
    const call = JSON.parse(headerText);
    assert.equal(call.model, 'gpt-4.1');
    assert.equal(call.choices[0].finish_reason, 'tool_calls');
    // Byte for byte the reply the model keyword gives, but for the echoed model name.
    assert.equal(headerText, (await byModel.text()).replaceAll('"gpt-4.1-tools"', '"gpt-4.1"'));
    assert.deepEqual([...byHeader.headers.keys()], [...byModel.headers.keys()]);
    for (const [name, value] of byHeader.headers) {
      assert.doesNotMatch(`${name}: ${value}`, /fake-scenario|tools/i, 'no response header carries the scenario');
    }
    // Streams too: Anthropic SSE, slow, with the real model in every event that names one.
    const stream = await post('/v1/messages', { model: 'claude-sonnet-4-5', messages: [], stream: true }, {
      headers: { 'content-type': 'application/json', 'x-fake-scenario': 'slow-1' },
    });
    const events = sseData(await stream.text());
    assert.equal(JSON.parse(events[0]).message.model, 'claude-sonnet-4-5');
    assert.ok(events.every((e) => !e.includes('scenario')));
    const limited = await post('/v1/embeddings', { model: 'text-embedding-3-small', input: 'a' }, {
      headers: { 'content-type': 'application/json', 'x-fake-scenario': 'rate-limit' },
    });
    assert.equal(limited.status, 429);
    const gemini = await post('/v1beta/models/gemini-2.5-flash:generateContent', { contents: [] }, {
      headers: { 'content-type': 'application/json', 'x-fake-scenario': 'server-error' },
    });
    assert.equal(gemini.status, 500);
  });

  test('an unknown x-fake-scenario keyword is a 400 that names it', async () => {
    const res = await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [] }, {
      headers: { 'content-type': 'application/json', 'x-fake-scenario': 'tools,rate-limitt' },
    });
    assert.equal(res.status, 400);
    const { error } = await res.json();
    // Only the unknown word is reported, then the known ones as a hint.
    assert.match(error.message, /^unknown x-fake-scenario keyword\(s\): rate-limitt \(known: .*rate-limit/);
    const listing = await (await fetch(`${fake.url}/`)).json();
    assert.equal(listing.scenarioHeader, 'x-fake-scenario');
  });

  test('cached: the recorded reply with its usage restated as a prompt-cache hit, in each provider\'s own fields', async () => {
    const headers = { 'content-type': 'application/json', 'x-fake-scenario': 'cached' };
    const plainAnthropic = await (await post('/v1/messages', { model: 'claude-sonnet-4-5', messages: [] })).json();
    const anthropic = await (await post('/v1/messages', { model: 'claude-sonnet-4-5', messages: [] }, { headers })).json();
    assert.deepEqual(anthropic.content, plainAnthropic.content);
    // Anthropic keeps `input_tokens` as the uncached part; reads and writes come beside it.
    assert.equal(anthropic.usage.input_tokens, plainAnthropic.usage.input_tokens);
    assert.deepEqual([anthropic.usage.cache_read_input_tokens, anthropic.usage.cache_creation_input_tokens], [CACHED_USAGE.cacheReadTokens, CACHED_USAGE.cacheWriteTokens]);
    const streamed = sseData(await (await post('/v1/messages', { model: 'claude-sonnet-4-5', messages: [], stream: true }, { headers })).text()).map((e) => JSON.parse(e));
    assert.equal(streamed.find((e) => e.type === 'message_start').message.usage.cache_read_input_tokens, CACHED_USAGE.cacheReadTokens);
    assert.equal(streamed.find((e) => e.type === 'message_delta').usage.cache_creation_input_tokens, CACHED_USAGE.cacheWriteTokens);
    // OpenAI's prompt count includes the cached tokens, which the details name.
    const plainChat = await (await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [] })).json();
    const chat = await (await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [] }, { headers })).json();
    assert.equal(chat.usage.prompt_tokens, plainChat.usage.prompt_tokens + CACHED_USAGE.cacheReadTokens);
    assert.equal(chat.usage.prompt_tokens_details.cached_tokens, CACHED_USAGE.cacheReadTokens);
    assert.equal(chat.usage.total_tokens, chat.usage.prompt_tokens + chat.usage.completion_tokens);
    assert.equal(parseScenario('gpt-4o-mini-cached').cached, true);
  });

  test('long: exactly 200 SSE events for OpenAI and Anthropic, 200 NDJSON lines for Ollama', async () => {
    const openai = await (await post('/v1/chat/completions', { model: 'm-long', messages: [], stream: true, stream_options: { include_usage: true } })).text();
    assert.equal(sseData(openai).length, 200);
    assert.equal(sseData(openai).at(-1), '[DONE]');
    const anthropic = await (await post('/v1/messages', { model: 'm-long', messages: [], stream: true })).text();
    assert.equal(sseData(anthropic).length, 200);
    const ollama = await (await post('/api/chat', { model: 'm-long', messages: [] })).text();
    assert.equal(ollama.trim().split('\n').length, 200);
  });

  test('OpenAI: the usage chunk only with include_usage; model echoed; n=2', async () => {
    const without = sseData(await (await post('/v1/chat/completions', { model: 'my-model', messages: [], stream: true })).text());
    assert.ok(without.every((d) => !d.includes('"usage":{')));
    assert.ok(without.slice(0, -1).every((d) => JSON.parse(d).model === 'my-model'));
    const two = await (await post('/v1/chat/completions', { model: 'm', n: 2, messages: [] })).json();
    assert.equal(two.choices.length, 2);
  });

  test('tool scenarios answer with the final text once the last message is a tool result', async () => {
    const call = await (await post('/v1/chat/completions', { model: 'm-tools', messages: [{ role: 'user', content: 'x' }] })).json();
    assert.equal(call.choices[0].finish_reason, 'tool_calls');
    const answer = await (await post('/v1/chat/completions', { model: 'm-tools', messages: [{ role: 'tool', tool_call_id: 'c', content: '18' }] })).json();
    assert.equal(answer.choices[0].finish_reason, 'stop');
    const gemini = await (await post('/v1beta/models/g-tools:generateContent', { contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }] })).json();
    assert.match(gemini.candidates[0].content.parts[0].text, /18°C/);
    const ollama = await (await post('/api/chat', { model: 'l-tools', stream: false, messages: [{ role: 'user', content: 'x' }] })).json();
    assert.equal(ollama.message.tool_calls[0].function.name, 'get_weather');
  });

  test('embeddings: one vector per input, base64 float32 when asked; Gemini batch', async () => {
    const floats = await (await post('/v1/embeddings', { model: 'e', input: ['a', 'b'] })).json();
    assert.equal(floats.data.length, 2);
    const base64 = await (await post('/v1/embeddings', { model: 'e', input: 'a', encoding_format: 'base64' })).json();
    const bytes = Buffer.from(base64.data[0].embedding, 'base64');
    const vector = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    assert.equal(vector.length, floats.data[0].embedding.length);
    assert.ok(Math.abs(vector[0] - floats.data[0].embedding[0]) < 1e-6);
    const batch = await (await post('/v1beta/models/e:batchEmbedContents', { requests: [{}, {}, {}] })).json();
    assert.equal(batch.embeddings.length, 3);
  });

  test('Gemini without alt=sse streams one JSON array; with alt=sse, CRLF-framed SSE', async () => {
    const array = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent', { contents: [] });
    assert.match(array.headers.get('content-type')!, /application\/json/);
    const text = await array.text();
    assert.ok(text.startsWith('[{') && text.includes('\n,\r\n') && text.endsWith('\n]'));
    assert.equal(JSON.parse(text).length, 3);
    const sse = await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents: [] });
    assert.ok((await sse.text()).includes('\r\n\r\n'));
  });

  test('errors: 429 with retry-after and provider JSON; 500; in-stream error events', async () => {
    const limited = await post('/v1/messages', { model: 'c-rate-limit', messages: [] });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '1');
    assert.equal((await limited.json()).error.type, 'rate_limit_error');
    const gemini = await post('/v1beta/models/g-server-error:generateContent', { contents: [] });
    assert.equal(gemini.status, 500);
    assert.equal((await gemini.json()).error.status, 'INTERNAL');
    const failed = sseData(await (await post('/v1/responses', { model: 'r-stream-error', input: 'x', stream: true })).text());
    assert.equal(JSON.parse(failed.at(-1)!).type, 'response.failed');
  });

  test('fail-mid-stream: half the events arrive, then the connection breaks', async () => {
    const res = await post('/v1/messages', { model: 'c-fail-mid-stream', messages: [], stream: true });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let received = '';
    const error = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return undefined;
          received += Buffer.from(value).toString();
        }
      } catch (e) {
        return e;
      }
    })();
    assert.ok(error instanceof Error);
    assert.ok(received.includes('message_start') && !received.includes('message_stop'));
  });

  test('CORS preflight, unknown routes, invalid JSON; requests are recorded', async () => {
    const preflight = await fetch(`${fake.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'authorization,content-type');
    assert.equal((await post('/v2/unknown', {})).status, 404);
    assert.equal((await fetch(`${fake.url}/v1/chat/completions`, { method: 'POST', body: '{nope' })).status, 400);
    await post('/v1/chat/completions', { model: 'recorded', messages: [] }, { headers: { 'content-type': 'application/json', 'x-test': 'yes' } });
    const last = fake.requests.at(-1)!;
    assert.equal(last.path, '/v1/chat/completions');
    assert.equal(last.headers['x-test'], 'yes');
    assert.deepEqual(last.body, { model: 'recorded', messages: [] });
  });

  test('latency-<ms> holds the response headers back; close() cuts the wait', async () => {
    const other = await createFakeProvider();
    let settled = false;
    const held = fetch(`${other.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'x-fake-scenario': 'latency-60000' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: 'a' }),
    }).finally(() => (settled = true));
    while (other.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // A request without latency is answered in full meanwhile; the held one has not even got its headers.
    const quick = await fetch(`${other.url}/v1/embeddings`, { method: 'POST', body: JSON.stringify({ model: 'e', input: 'a' }) });
    assert.equal((await quick.json()).data.length, 1);
    assert.equal(settled, false);
    await other.close();
    await assert.rejects(held);
  });

  test('close() ends a slow stream in flight', async () => {
    const other = await createFakeProvider();
    const res = await fetch(`${other.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm-slow-1000-long', messages: [], stream: true }),
    });
    const reader = res.body!.getReader();
    await reader.read();
    await other.close();
    await assert.rejects(async () => {
      for (;;) if ((await reader.read()).done) throw new Error('ended cleanly');
    });
  });
});
