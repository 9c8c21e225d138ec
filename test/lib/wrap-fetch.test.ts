import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { init, shutdown, flush, wrapFetch, withWorkflow, withAssociationProperties } from '../../lib/node.js';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createOtlpSink, type OtlpSink, type SinkSpan } from '../helpers/otlp-sink.js';
import { acmeAdapter } from '../helpers/acme-adapter.js';
import { sweepUnreadResponses, UNREAD_TIMEOUT_MS } from '../../lib/streaming/observe-response-reads.js';
import { createLlmTestServer, CHAT_RESPONSE, type LlmTestServer } from '../helpers/llm-test-server.js';

let sink: OtlpSink;
let server: LlmTestServer;
let traced: typeof fetch;
const post = (body: unknown, extra: RequestInit = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-SECRET-1' },
  body: JSON.stringify(body),
  ...extra,
});
const chatBody = { model: 'acme-large', temperature: 0.2, max_tokens: 50, system: 'Be brief', messages: [{ role: 'user', content: 'Hi' }] };

before(async () => {
  sink = await createOtlpSink();
  server = await createLlmTestServer();
  init({ endpoint: sink.url, protocol: 'http/json', exportMode: 'immediate', patchFetch: false, providers: [acmeAdapter], serviceName: 'wrap-test' });
  traced = wrapFetch(fetch);
});
after(async () => {
  await shutdown();
  await server.close();
  await sink.close();
});

async function nextSpan(name?: string): Promise<SinkSpan> {
  const before = sink.spans().length;
  const spans = await sink.waitForSpans(before + 1);
  const span = spans[spans.length - 1]!;
  if (name) assert.equal(span.name, name);
  return span;
}

test('a JSON chat call becomes one CLIENT span with GenAI attributes', async () => {
  const count = sink.spans().length;
  const res = await traced(`${server.url}/acme/chat?key=SECRET-2&alt=json`, post(chatBody));
  assert.deepEqual(await res.json(), CHAT_RESPONSE);
  const [span] = (await sink.waitForSpans(count + 1)).slice(count);
  assert.equal(span!.name, 'chat acme-large');
  assert.equal(span!.kind, 3); // CLIENT in OTLP
  const a = span!.attributes;
  assert.equal(a['gen_ai.provider.name'], 'acme');
  assert.equal(a['gen_ai.operation.name'], 'chat');
  assert.equal(a['gen_ai.request.model'], 'acme-large');
  assert.equal(a['gen_ai.request.temperature'], 0.2);
  assert.equal(a['gen_ai.request.max_tokens'], 50);
  assert.equal(a['gen_ai.response.model'], 'acme-large-2025');
  assert.equal(a['gen_ai.response.id'], 'resp_1');
  assert.deepEqual(a['gen_ai.response.finish_reasons'], ['stop']);
  assert.equal(a['gen_ai.usage.input_tokens'], 12);
  assert.equal(a['gen_ai.usage.output_tokens'], 3);
  assert.equal(a['server.address'], '127.0.0.1');
  assert.equal(a['server.port'], Number(new URL(server.url).port));
  assert.equal(a['http.response.status_code'], 200);
  assert.deepEqual(JSON.parse(a['gen_ai.input.messages'] as string), [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
  assert.deepEqual(JSON.parse(a['gen_ai.system_instructions'] as string), [{ type: 'text', content: 'Be brief' }]);
  assert.deepEqual(JSON.parse(a['gen_ai.output.messages'] as string)[0].parts[0].content, 'Hello there');
  assert.equal(span!.resource['service.name'], 'wrap-test');
  assert.equal(span!.status.code, 0);
  // Secrets never reach any attribute.
  const everything = JSON.stringify(span);
  assert.ok(!everything.includes('SECRET'), everything);
  assert.match(a['url.full'] as string, /key=REDACTED&alt=json/);
});

test('the request reaches the server unchanged (no traceparent by default)', async () => {
  await (await traced(`${server.url}/acme/chat`, post(chatBody))).text();
  const seen = server.requests.at(-1)!;
  assert.equal(seen.body, JSON.stringify(chatBody));
  assert.equal(seen.headers.authorization, 'Bearer sk-SECRET-1');
  assert.equal(seen.headers.traceparent, undefined);
  await nextSpan('chat acme-large');
});

test('a Request object with a JSON body is traced and still sent intact', async () => {
  const req = new Request(`${server.url}/acme/chat`, post(chatBody));
  const res = await traced(req);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).id, 'resp_1');
  assert.equal(server.requests.at(-1)!.body, JSON.stringify(chatBody));
  const span = await nextSpan('chat acme-large');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], 3);
});

test('non-LLM fetches are passed straight through and not traced', async () => {
  await flush();
  const count = sink.spans().length;
  const res = await traced(`${server.url}/health`);
  assert.equal(await res.text(), 'not an llm');
  await flush();
  assert.equal(sink.spans().length, count);
});

test('SSE stream: same bytes as untraced, span with usage, output, first-chunk time', async () => {
  const plain = await (await fetch(`${server.url}/acme/stream`, post({ ...chatBody, stream: true }))).text();
  const res = await traced(`${server.url}/acme/stream`, post({ ...chatBody, stream: true }));
  assert.equal(res.headers.get('content-type'), 'text/event-stream');
  assert.equal(res.url, `${server.url}/acme/stream`);
  const got = await res.text();
  assert.equal(got, plain);
  assert.equal(got, server.streamEvents.join(''));
  const span = await nextSpan('chat acme-large');
  const a = span.attributes;
  assert.equal(a['gen_ai.request.stream'], true);
  assert.equal(a['gen_ai.usage.input_tokens'], 7);
  assert.equal(a['gen_ai.usage.output_tokens'], 5);
  assert.equal(a['gen_ai.response.id'], 'st_1');
  assert.deepEqual(a['gen_ai.response.finish_reasons'], ['stop']);
  assert.equal(JSON.parse(a['gen_ai.output.messages'] as string)[0].parts[0].content, 'w0 w1 w2 w3 ');
  assert.equal(typeof a['gen_ai.response.time_to_first_chunk'], 'number');
  assert.ok((a['gen_ai.response.time_to_first_chunk'] as number) > 0);
  assert.ok(span.events.some((e) => e.name === 'gen_ai.content.first_chunk'));
});

test('NDJSON stream is framed across chunk boundaries', async () => {
  const res = await traced(`${server.url}/acme/ndjson`, post({ model: 'acme-small', stream: true, messages: [] }));
  const text = await res.text();
  assert.equal(text.split('\n').filter(Boolean).length, 3);
  const span = await nextSpan('chat acme-small');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], 2);
  assert.equal(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content, 'ab');
});

test('chunk boundaries and chunk objects are exactly the source ones', async () => {
  const chunks = ['data: {"delta":"a"}\n', '\ndata: {"de', 'lta":"b"}\n\n', 'data: {"finish":"stop"}\n\n'].map((s) => new TextEncoder().encode(s));
  const sourceFetch = async () =>
    new Response(new ReadableStream({ start(c) { for (const ch of chunks) c.enqueue(ch); c.close(); } }), {
      headers: { 'content-type': 'text/event-stream' },
    });
  const f = wrapFetch(sourceFetch as typeof fetch, { providers: [acmeAdapter] });
  const res = await f('http://127.0.0.1:9/acme/stream', post({ model: 'm', stream: true }));
  const reader = res.body!.getReader();
  const received: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received.push(value);
  }
  assert.equal(received.length, chunks.length);
  received.forEach((chunk, i) => assert.equal(chunk, chunks[i], `chunk ${i} is the same object`));
  const span = await nextSpan('chat m');
  assert.equal(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content, 'ab');
});

test('the first chunk reaches the reader while the server still holds the rest', async () => {
  const res = await traced(`${server.url}/acme/held-stream`, post({ ...chatBody, stream: true }));
  const reader = res.body!.getReader();
  const first = await reader.read(); // would hang forever if we held the first chunk back
  assert.match(new TextDecoder().decode(first.value), /first/);
  server.release();
  let rest = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    rest += new TextDecoder().decode(value);
  }
  assert.match(rest, /rest/);
  const span = await nextSpan('chat acme-large');
  assert.equal(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content, 'first rest');
});

test('clone(), tee(), json() and text() still work on a traced stream', async () => {
  const res = await traced(`${server.url}/acme/stream`, post({ ...chatBody, stream: true }));
  const copy = res.clone();
  const [b1, b2] = copy.body!.tee();
  const [t0, t1, t2] = await Promise.all([res.text(), new Response(b1).text(), new Response(b2).text()]);
  assert.equal(t0, server.streamEvents.join(''));
  assert.equal(t1, t0);
  assert.equal(t2, t0);
  await nextSpan('chat acme-large');
  const ndjson = await traced(`${server.url}/acme/chat`, post(chatBody));
  assert.deepEqual(await ndjson.clone().json(), CHAT_RESPONSE);
  assert.deepEqual(await ndjson.json(), CHAT_RESPONSE);
  await nextSpan('chat acme-large');
});

test('a response read only through a clone() is still observed; reading both observes it once', async () => {
  const res = await traced(`${server.url}/acme/chat`, post(chatBody));
  assert.deepEqual(await res.clone().json(), CHAT_RESPONSE); // the original is never read
  let span = await nextSpan('chat acme-large');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], 3, 'the clone carried the response data');

  // The text the stream's deltas add up to.
  const streamed = server.streamEvents.map((e) => JSON.parse(e.split('\n')[0].slice(6)).delta ?? '').join('');
  const stream = await traced(`${server.url}/acme/stream`, post({ ...chatBody, stream: true }));
  const copy = stream.clone();
  assert.equal(await new Response(copy.body).text(), server.streamEvents.join(''));
  span = await nextSpan('chat acme-large');
  assert.equal(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content, streamed);
  assert.equal(await stream.text(), server.streamEvents.join(''), 'the original still reads whole');
  await flush();
  assert.equal(sink.spans().filter((s) => s.spanId === span.spanId).length, 1, 'one span for the family');

  // `body` handed out, then cloned (which swaps the original's stream for a tee branch): both still read whole.
  const late = await traced(`${server.url}/acme/stream`, post({ ...chatBody, stream: true }));
  void late.body;
  const lateCopy = late.clone();
  const [a, b] = await Promise.all([new Response(late.body).text(), lateCopy.text()]);
  assert.equal(a, server.streamEvents.join(''));
  assert.equal(b, a);
  span = await nextSpan('chat acme-large');
  assert.equal(JSON.parse(span.attributes['gen_ai.output.messages'] as string)[0].parts[0].content, streamed);
});

test('breaking out of a stream early ends the span', async () => {
  const res = await traced(`${server.url}/acme/endless`, post({ ...chatBody, stream: true }));
  let n = 0;
  for await (const _chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (++n === 3) break;
  }
  const span = await nextSpan('chat acme-large');
  assert.equal(span.attributes['tracelight.stream.cancelled'], true);
  assert.ok(Number(span.endTimeUnixNano) > 0);
});

test('AbortController mid-stream: the reader sees the same error as untraced, the span is ERROR', async () => {
  async function abortMidStream(f: typeof fetch): Promise<unknown> {
    const controller = new AbortController();
    const res = await f(`${server.url}/acme/endless`, post({ ...chatBody, stream: true }, { signal: controller.signal }));
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    try {
      for (;;) if ((await reader.read()).done) return 'done';
    } catch (error) {
      return error;
    }
  }
  const plainError = (await abortMidStream(fetch)) as Error;
  const tracedError = (await abortMidStream(traced)) as Error;
  assert.equal(tracedError.name, plainError.name);
  assert.equal(tracedError.message, plainError.message);
  assert.equal(tracedError.constructor, plainError.constructor);
  const span = await nextSpan('chat acme-large');
  assert.equal(span.status.code, 2);
  assert.equal(span.attributes['error.type'], 'AbortError');
});

test('abort before the response: the caller gets the same rejection, the span is ERROR', async () => {
  const controller = new AbortController();
  controller.abort(new Error('user gave up'));
  const reason = controller.signal.reason;
  await assert.rejects(traced(`${server.url}/acme/chat`, post(chatBody, { signal: controller.signal })), (e) => e === reason);
  const span = await nextSpan('chat acme-large');
  assert.equal(span.status.code, 2);
});

test('HTTP 429 with a JSON body: same response for the caller, error.type from the body', async () => {
  const res = await traced(`${server.url}/acme/rate-limited`, post(chatBody));
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '1');
  assert.deepEqual(await res.json(), { error: { type: 'rate_limit_exceeded', message: 'Slow down' } });
  const span = await nextSpan('chat acme-large');
  assert.equal(span.status.code, 2);
  assert.equal(span.attributes['error.type'], 'rate_limit_exceeded');
  assert.equal(span.attributes['http.response.status_code'], 429);
});

test('network failure: the caller gets the same kind of error, span ERROR with error.type', async () => {
  const dead = 'http://127.0.0.1:1/acme/chat';
  const plain = await fetch(dead, post(chatBody)).catch((e: Error) => e);
  const got = await traced(dead, post(chatBody)).catch((e: Error) => e);
  assert.ok(got instanceof Error);
  assert.equal(got.constructor, (plain as Error).constructor);
  assert.equal(got.message, (plain as Error).message);
  const span = await nextSpan('chat acme-large');
  assert.equal(span.status.code, 2);
  assert.equal(span.attributes['error.type'], 'TypeError');
});

test('a never-read stream pulls at most one chunk ahead from the source', async () => {
  let pulled = 0;
  const sourceFetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>(
        { pull(c) { pulled++; c.enqueue(new Uint8Array(64 * 1024)); } },
        { highWaterMark: 0 },
      ),
      { headers: { 'content-type': 'text/event-stream' } },
    );
  const plainRes = await (sourceFetch as typeof fetch)('x');
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  const untraced = pulled;
  void plainRes;
  pulled = 0;
  const f = wrapFetch(sourceFetch as typeof fetch, { providers: [acmeAdapter] });
  const res = await f('http://127.0.0.1:9/acme/x', post({ model: 'm', stream: true }));
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  const bytesBuffered = pulled * 64 * 1024;
  assert.ok(pulled <= untraced + 1, `pulled ${pulled} chunks (${bytesBuffered} bytes) from a never-read source`);
  await res.body!.cancel();
  await nextSpan('chat m');
});

test('content capture: redact hook, drop, length limit', async () => {
  const f = wrapFetch(fetch, {
    maxContentLength: 40,
    redact: (value, name) => (name === 'gen_ai.system_instructions' ? undefined : JSON.parse(JSON.stringify(value).replaceAll('Hi', '[x]'))),
  });
  await (await f(`${server.url}/acme/chat`, post({ ...chatBody, messages: [{ role: 'user', content: 'Hi '.repeat(50) }] }))).text();
  const span = await nextSpan('chat acme-large');
  assert.equal(span.attributes['gen_ai.system_instructions'], undefined);
  const input = span.attributes['gen_ai.input.messages'] as string;
  assert.ok(!input.includes('Hi'));
  assert.ok(input.endsWith('…[truncated]'));
  assert.equal(input.length, 40 + '…[truncated]'.length);
  const off = wrapFetch(fetch, { captureContent: false });
  await (await off(`${server.url}/acme/chat`, post(chatBody))).text();
  const quiet = await nextSpan('chat acme-large');
  for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions']) {
    assert.equal(quiet.attributes[key], undefined, key);
  }
  assert.equal(quiet.attributes['gen_ai.usage.input_tokens'], 12);
});

test('propagateTraceTo adds traceparent only to listed origins', async () => {
  const f = wrapFetch(fetch, { propagateTraceTo: [server.url] });
  // Without an active span there is nothing to propagate.
  await (await f(`${server.url}/health`)).text();
  assert.equal(server.requests.at(-1)!.headers.traceparent, undefined);
  await withWorkflow('wf', async () => (await f(`${server.url}/health`)).text());
  const workflow = await nextSpan('wf.workflow');
  assert.equal(server.requests.at(-1)!.headers.traceparent, `00-${workflow.traceId}-${workflow.spanId}-01`);
  const other = wrapFetch(fetch, { propagateTraceTo: ['https://api.example.com'] });
  await (await other(`${server.url}/health`)).text();
  assert.equal(server.requests.at(-1)!.headers.traceparent, undefined);
});

test('wrapping twice returns the same function and traces once', async () => {
  const again = wrapFetch(traced);
  assert.equal(again, traced);
  await flush();
  const count = sink.spans().length;
  await (await again(`${server.url}/acme/chat`, post(chatBody))).text();
  await sink.waitForSpans(count + 1);
  await flush();
  assert.equal(sink.spans().length, count + 1);
});

test('non-streamed bodies are observed as the caller reads them: text, arrayBuffer, blob, body stream', async () => {
  const expected = JSON.stringify(CHAT_RESPONSE);
  const readers: Array<(r: Response) => Promise<string>> = [
    (r) => r.text(),
    async (r) => new TextDecoder().decode(await r.arrayBuffer()),
    async (r) => (await r.blob()).text(),
    (r) => new Response(r.body).text(),
  ];
  for (const read of readers) {
    const res = await traced(`${server.url}/acme/chat`, post(chatBody));
    assert.equal(await read(res), expected);
    assert.equal(res.bodyUsed, true);
    const span = await nextSpan('chat acme-large');
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], 3);
  }
  // A clone taken before reading still works, and reading the original still finishes the span.
  const res = await traced(`${server.url}/acme/chat`, post(chatBody));
  const copy = res.clone();
  assert.equal(await copy.text(), expected);
  assert.deepEqual(await res.json(), CHAT_RESPONSE);
  await nextSpan('chat acme-large');
});

test('a response whose body is never read ends its span (at header time) after the unread timeout', async () => {
  const count = sink.spans().length;
  const arrived = Date.now();
  const res = await traced(`${server.url}/acme/chat`, post(chatBody));
  assert.equal(res.status, 200);
  assert.ok(res instanceof Response);
  sweepUnreadResponses(Date.now() + UNREAD_TIMEOUT_MS / 2);
  await flush();
  assert.equal(sink.spans().length, count, 'not ended before the timeout');
  sweepUnreadResponses(Date.now() + UNREAD_TIMEOUT_MS + 1);
  const span = (await sink.waitForSpans(count + 1))[count]!;
  assert.equal(span.name, 'chat acme-large');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], undefined);
  assert.ok(Number(BigInt(span.endTimeUnixNano) / 1_000_000n) <= arrived + 1000);
  // Reading it afterwards still works and changes nothing.
  assert.deepEqual(await res.json(), CHAT_RESPONSE);
});

test('a body handed out but left idle, then aborted, ends its span as aborted; so does an aborted never-read one', async () => {
  const idle = new AbortController();
  const count = sink.spans().length;
  const res = await traced(`${server.url}/acme/endless`, post({ ...chatBody, stream: true }, { signal: idle.signal }));
  const reader = res.body!.getReader();
  await reader.read();
  reader.releaseLock(); // as some SDKs do on break: no cancel, nobody reading
  idle.abort();
  const span = (await sink.waitForSpans(count + 1))[count]!;
  assert.equal(span.status.code, 2);
  assert.equal(span.attributes['error.type'], 'AbortError');

  const unread = new AbortController();
  const res2 = await traced(`${server.url}/acme/chat`, post(chatBody, { signal: unread.signal }));
  assert.equal(res2.status, 200);
  unread.abort();
  sweepUnreadResponses(Date.now() + UNREAD_TIMEOUT_MS + 1);
  const span2 = (await sink.waitForSpans(count + 2))[count + 1]!;
  assert.equal(span2.status.code, 2);
  assert.equal(span2.attributes['error.type'], 'AbortError');
});

test('responses of another Response class (subclass, other fetch implementation) keep their class and are observed', async () => {
  class MyResponse extends Response {
    extra() {
      return 'still mine';
    }
  }
  const inner = (async () => new MyResponse(JSON.stringify(CHAT_RESPONSE), { headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;
  const f = wrapFetch(inner, { providers: [acmeAdapter] });
  const res = (await f('http://127.0.0.1:9/acme/chat', post(chatBody))) as MyResponse;
  assert.ok(res instanceof MyResponse);
  assert.equal(res.extra(), 'still mine');
  assert.deepEqual(await res.json(), CHAT_RESPONSE);
  const span = await nextSpan('chat acme-large');
  assert.equal(span.attributes['gen_ai.response.id'], 'resp_1');
});

test('merely getting response.body (as SDKs do for logging) disturbs nothing; json() after it is still observed', async () => {
  const res = await traced(`${server.url}/acme/chat`, post(chatBody));
  const body = res.body!;
  assert.equal(body.locked, false);
  assert.equal(res.bodyUsed, false);
  assert.equal(res.body, body, 'the same stream object on every access');
  assert.deepEqual(await res.json(), CHAT_RESPONSE);
  const span = await nextSpan('chat acme-large');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], 3);
  // Same for a stream: get body, then read it.
  const streamed = await traced(`${server.url}/acme/stream`, post({ ...chatBody, stream: true }));
  void streamed.body;
  assert.equal(await streamed.text(), server.streamEvents.join(''));
  const streamSpan = await nextSpan('chat acme-large');
  assert.equal(streamSpan.attributes['gen_ai.usage.output_tokens'], 5);
});

test('a tracer passed to wrapFetch starts the LLM spans, with the association properties of the context', async () => {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  const own = wrapFetch(fetch, { tracer: provider.getTracer('app'), providers: [acmeAdapter] });
  const before = sink.spans().length;
  const res = await withAssociationProperties({ userId: 'u-7' }, () => own(`${server.url}/acme/chat`, post(chatBody)));
  assert.deepEqual(await res.json(), CHAT_RESPONSE);
  await flush();
  const [span] = memory.getFinishedSpans();
  assert.equal(span?.name, 'chat acme-large');
  assert.equal(span.instrumentationScope.name, 'app');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], 3);
  assert.equal(span.attributes['traceloop.association.properties.userId'], 'u-7');
  assert.equal(span.attributes['user.id'], 'u-7');
  assert.equal(sink.spans().length, before, "not also on init's provider");
  await provider.shutdown();
});

test('an adapter without its own stream rule: a JSON answer to a streamed request is read as JSON', async () => {
  // A gateway that cannot stream answers JSON; the default rule (the one the built-in adapters use) sees no stream.
  const res = await traced(`${server.url}/acme/chat`, post({ ...chatBody, stream: true }));
  assert.deepEqual(await res.json(), CHAT_RESPONSE);
  const span = await nextSpan('chat acme-large');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], 3);
  assert.equal(span.attributes['gen_ai.response.time_to_first_chunk'], undefined, 'not recorded as a stream');
});
