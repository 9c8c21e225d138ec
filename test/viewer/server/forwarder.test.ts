import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createViewerServer, type ViewerLogger } from '../../../viewer/server/create-viewer-server.js';
import { createForwarder } from '../../../lib/forward/create-forwarder.js';
import { resolveForwardConfig, safeTarget } from '../../../lib/forward/forward-config.js';
import { parseHeaderList } from '../../../lib/options/parse-header-list.js';
import { readTraceRequestJson } from '../../../lib/forward/read-otlp-json.js';
import { encodeTraceRequestProtobuf } from '../../../lib/forward/encode-otlp-protobuf.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';
import { startUpstream } from '../../helpers/start-upstream.js';

const KEY = 'tl-secret-key-1234567890';
const FAST = { initialBackoffMs: 5, maxBackoffMs: 50, batchDelayMs: 5 };

function recordingLogger(lines: string[]): ViewerLogger {
  return { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

test('forward config: traceloop, URL targets, headers, content flag, errors', () => {
  assert.equal(resolveForwardConfig({}), null);
  assert.equal(resolveForwardConfig({ TRACELIGHT_FORWARD: 'off' }), null);
  const tl = resolveForwardConfig({ TRACELIGHT_FORWARD: 'traceloop', TRACELOOP_API_KEY: KEY })!.targets[0];
  assert.equal(tl.url, 'https://api.traceloop.com/v1/traces');
  assert.equal(tl.headers.Authorization, `Bearer ${KEY}`);
  assert.equal(tl.stripContent, false);
  assert.throws(() => resolveForwardConfig({ TRACELIGHT_FORWARD: 'traceloop' }), /TRACELOOP_API_KEY/);
  assert.throws(() => resolveForwardConfig({ TRACELIGHT_FORWARD: 'ftp://x' }), /http/);
  assert.throws(() => resolveForwardConfig({ TRACELIGHT_FORWARD: 'nonsense' }), /traceloop/);
  const url = resolveForwardConfig({
    TRACELIGHT_FORWARD: 'http://collector:4318',
    TRACELIGHT_FORWARD_HEADERS: 'x-team=a%20b,authorization=Basic%20abc',
    TRACELIGHT_FORWARD_CONTENT: 'false',
  })!.targets[0];
  assert.equal(url.url, 'http://collector:4318/v1/traces');
  assert.deepEqual(url.headers, { 'x-team': 'a b', authorization: 'Basic abc' });
  assert.equal(url.stripContent, true);
  assert.deepEqual(parseHeaderList('a=1,broken,b = 2'), { a: '1', b: '2' });
  assert.equal(safeTarget('https://u:p@host/v1/traces?key=x'), 'https://host/v1/traces');
  const basic = resolveForwardConfig({ TRACELIGHT_FORWARD: 'https://me:s%3Dcret@collector.example/v1/traces' })!.targets[0];
  assert.equal(basic.url, 'https://collector.example/v1/traces');
  assert.equal(basic.headers.Authorization, `Basic ${btoa('me:s=cret')}`);
});

test('traceloop forwarding: Bearer header, protobuf batches, status without the key', async () => {
  const upstream = await startUpstream();
  const logs: string[] = [];
  const viewer = await createViewerServer({
    port: 0,
    env: {
      TRACELIGHT_FORWARD: 'traceloop',
      TRACELOOP_BASE_URL: upstream.url.replace('/v1/traces', ''),
      TRACELOOP_API_KEY: KEY,
    },
    forwarderOptions: FAST,
    logger: recordingLogger(logs),
  });
  try {
    await postJson(viewer.otlpUrl, otlpJson([{ name: 'one' }, { name: 'two' }]));
    await postJson(viewer.otlpUrl, otlpJson([{ name: 'three' }]));
    await upstream.waitFor(() => viewer.forwarder!.status().sent === 3);
    const first = upstream.requests[0];
    assert.equal(first.headers.authorization, `Bearer ${KEY}`);
    assert.equal(first.contentType, 'application/x-protobuf');
    assert.deepEqual(upstream.accepted().map((s) => s.name).sort(), ['one', 'three', 'two']);
    const health = await httpRequest(viewer.url + 'api/health');
    const { targets, ...combined } = health.json().forwarding;
    assert.deepEqual(combined, { target: upstream.url, sent: 3, failed: 0, queued: 0, dropped: 0, lastError: null });
    assert.equal(targets.length, 1);
    assert.equal(targets[0].name, 'traceloop');
    assert.equal(targets[0].sent, 3);
    assert.ok(!health.text().includes(KEY));
  } finally {
    await viewer.close();
    await upstream.close();
  }
  assert.ok(!logs.join('\n').includes(KEY));
});

test('503 then 200 is retried (Retry-After honoured) with no loss; 400 is not retried; errors are scrubbed', async () => {
  const upstream = await startUpstream();
  upstream.respond((n) => (n < 2 ? { status: 503, headers: { 'retry-after': '0' } } : { status: 200 }));
  const viewer = await createViewerServer({
    port: 0,
    env: { TRACELIGHT_FORWARD: upstream.url, TRACELIGHT_FORWARD_HEADERS: `authorization=Bearer%20${KEY}` },
    forwarderOptions: FAST,
  });
  try {
    await postJson(viewer.otlpUrl, otlpJson([{ name: 'a' }, { name: 'b' }]));
    await upstream.waitFor(() => viewer.forwarder!.status().sent === 2);
    assert.equal(upstream.requests.length, 3, 'two 503s, then one 200');
    assert.equal(viewer.forwarder!.status().sent, 2);
    assert.equal(viewer.forwarder!.status().failed, 0);

    // 400 with a body that echoes the key: one attempt only, counted failed, key scrubbed
    upstream.respond(() => ({ status: 400, body: `invalid token ${KEY}` }));
    const before = upstream.requests.length;
    await postJson(viewer.otlpUrl, otlpJson([{ name: 'c' }]));
    await upstream.waitFor(() => viewer.forwarder!.status().failed === 1);
    await new Promise((r) => setTimeout(r, 100)); // a wrong retry would show up here
    assert.equal(upstream.requests.length, before + 1);
    const health = await httpRequest(viewer.url + 'api/health');
    const forwarding = health.json().forwarding;
    assert.equal(forwarding.failed, 1);
    assert.match(forwarding.lastError, /HTTP 400/);
    assert.ok(!health.text().includes(KEY), 'the key never reaches /api/health');
  } finally {
    await viewer.close();
    await upstream.close();
  }
});

test('upstream down: queue bound holds (oldest dropped and counted) and local ingest is unaffected', async () => {
  const upstream = await startUpstream();
  const url = upstream.url;
  await upstream.close(); // connection refused from now on
  // The bound is in bytes: room for five of the ten-span requests below (as protobuf, what the queue holds).
  const requestBytes = encodeTraceRequestProtobuf(readTraceRequestJson(otlpJson(Array.from({ length: 10 }, () => ({})))).request).byteLength;
  const viewer = await createViewerServer({
    port: 0,
    env: { TRACELIGHT_FORWARD: url },
    forwarderOptions: { ...FAST, maxQueueBytes: 5 * requestBytes + 50, maxBatchSpans: 10, initialBackoffMs: 200, maxBackoffMs: 400 },
  });
  try {
    for (let i = 0; i < 30; i++) {
      const res = await postJson(viewer.otlpUrl, otlpJson(Array.from({ length: 10 }, () => ({}))));
      assert.equal(res.status, 200);
      const status = viewer.forwarder!.status();
      assert.ok(status.queued <= 50 + 10, `queued ${status.queued} stays within the bound plus one in-flight batch`);
    }
    const health = (await httpRequest(viewer.url + 'api/health')).json();
    assert.equal(health.spans, 300, 'every span is in the local store');
    assert.ok(health.forwarding.dropped >= 300 - 60);
    assert.equal(health.forwarding.sent, 0);
    assert.match(health.forwarding.lastError, /fetch failed|ECONNREFUSED/);
  } finally {
    await viewer.forwarder!.close(0); // give up on the unreachable upstream instead of the 5 s shutdown grace
    await viewer.close();
  }
});

test('TRACELIGHT_FORWARD_CONTENT=false strips content upstream but keeps it locally', async () => {
  const upstream = await startUpstream();
  const viewer = await createViewerServer({
    port: 0,
    env: { TRACELIGHT_FORWARD: upstream.url, TRACELIGHT_FORWARD_CONTENT: 'false' },
    forwarderOptions: FAST,
  });
  try {
    const body = otlpJson([
      {
        name: 'chat gpt-4o',
        attributes: {
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 5,
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'SECRET PROMPT' }] }]),
          'gen_ai.output.messages': '[]',
          'gen_ai.system_instructions': 'SECRET SYSTEM',
          'gen_ai.tool.definitions': '[]',
          'gen_ai.prompt.0.content': 'SECRET OLD PROMPT',
          'gen_ai.completion.0.content': 'SECRET OLD COMPLETION',
          'ai.prompt.messages': '[]',
          'ai.response.text': 'SECRET',
          'llm.input_messages.0.message.content': 'SECRET',
          'input.value': 'SECRET',
        },
      },
    ]);
    const traceId = body.resourceSpans[0].scopeSpans[0].spans[0].traceId;
    (body.resourceSpans[0].scopeSpans[0].spans[0] as Record<string, unknown>).events = [
      { name: 'gen_ai.user.message', timeUnixNano: '1', attributes: [{ key: 'content', value: { stringValue: 'SECRET EVENT' } }] },
    ];
    await postJson(viewer.otlpUrl, body);
    await upstream.waitFor(() => upstream.accepted().length === 1);
    const sent = upstream.accepted()[0];
    assert.deepEqual(sent.attributes.map((a) => a.key).sort(), ['gen_ai.request.model', 'gen_ai.usage.input_tokens']);
    assert.equal(sent.events[0].name, 'gen_ai.user.message');
    assert.deepEqual(sent.events[0].attributes, []);
    const local = (await httpRequest(viewer.url + `api/traces/${traceId}`)).json().spans[0];
    assert.equal(local.genAi.inputMessages[0].parts[0].content, 'SECRET PROMPT');
    assert.equal(local.attributes['input.value'], 'SECRET');
  } finally {
    await viewer.close();
    await upstream.close();
  }
});

test('forwarder on its own: timeout counts as retryable, retried until the batch deadline, then counted', async () => {
  const { createServer } = await import('node:http');
  let hits = 0;
  const hang = createServer(() => void hits++); // never answers
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  const port = (hang.address() as { port: number }).port;
  const forwarder = createForwarder(
    { url: `http://127.0.0.1:${port}/v1/traces`, headers: {}, stripContent: false, target: 'x' },
    { timeoutMs: 50, maxElapsedMs: 300, initialBackoffMs: 5, batchDelayMs: 1 },
  );
  forwarder.enqueue(readTraceRequestJson(otlpJson([{}, {}])).request);
  await forwarder.flush();
  const status = forwarder.status();
  assert.ok(hits >= 2, `the timed-out batch was retried (${hits} attempts)`);
  assert.equal(status.failed, 2);
  assert.equal(status.targets[0].droppedBy.retryExpired, 2);
  assert.match(status.lastError!, /timed out/);
  await forwarder.close(10);
  hang.closeAllConnections();
  await new Promise((r) => hang.close(r));
});

test("encoding 'json' (what edge runtimes fall back to) sends OTLP JSON", async () => {
  const upstream = await startUpstream();
  const forwarder = createForwarder(
    { url: upstream.url, headers: {}, stripContent: false, target: upstream.url },
    { encoding: 'json', batchDelayMs: 1 },
  );
  try {
    forwarder.enqueue(readTraceRequestJson(otlpJson([{ name: 'as json' }])).request);
    await forwarder.flush();
    assert.equal(upstream.requests[0].contentType, 'application/json');
    assert.equal(forwarder.status().sent, 1);
  } finally {
    await forwarder.close();
    await upstream.close();
  }
});

test('the live socket tells the UI about forwarding: in hello and as it changes, without the key', async () => {
  const upstream = await startUpstream();
  const { default: WebSocket } = await import('ws');
  const viewer = await createViewerServer({
    port: 0,
    env: { TRACELIGHT_FORWARD: 'traceloop', TRACELOOP_BASE_URL: upstream.url.replace('/v1/traces', ''), TRACELOOP_API_KEY: KEY },
    forwarderOptions: FAST,
  });
  const ws = new WebSocket(viewer.url.replace('http', 'ws') + 'api/live');
  const raw: string[] = [];
  ws.on('message', (d) => raw.push(String(d)));
  try {
    await new Promise((r) => ws.on('open', r));
    await upstream.waitFor(() => raw.length > 0);
    const hello = JSON.parse(raw[0]);
    assert.equal(hello.type, 'hello');
    assert.equal(hello.forwarding.target, upstream.url);
    await postJson(viewer.otlpUrl, otlpJson([{}]));
    await upstream.waitFor(() => raw.some((m) => JSON.parse(m).type === 'forwarding' && JSON.parse(m).forwarding.sent === 1));
    assert.ok(!raw.join('').includes(KEY));
  } finally {
    ws.close();
    await viewer.close();
    await upstream.close();
  }
});

test('an upstream partial success counts the rejected spans as failed, with its message', async () => {
  const upstream = await startUpstream();
  upstream.respond(() => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ partialSuccess: { rejectedSpans: '1', errorMessage: 'span too old' } }),
  }));
  const forwarder = createForwarder({ url: upstream.url, headers: {}, stripContent: false, target: upstream.url }, { batchDelayMs: 1 });
  try {
    forwarder.enqueue(readTraceRequestJson(otlpJson([{}, {}, {}])).request);
    await forwarder.flush();
    const status = forwarder.status();
    assert.equal(status.sent, 2);
    assert.equal(status.failed, 1);
    assert.match(status.lastError!, /upstream rejected 1 spans: span too old/);
  } finally {
    await forwarder.close();
    await upstream.close();
  }
});

test('protobuf requests go upstream as they are: concatenated into one batch, byte for byte, and decoded in order', async () => {
  const upstream = await startUpstream();
  const forwarder = createForwarder({ url: upstream.url, headers: {}, stripContent: false, target: upstream.url }, { batchDelayMs: 50 });
  try {
    const requests = [0, 1, 2].map((i) => encodeTraceRequestProtobuf(readTraceRequestJson(otlpJson([{ name: `p${i}a` }, { name: `p${i}b` }])).request));
    const expected = Buffer.concat(requests);
    for (const bytes of requests) forwarder.enqueue(bytes, 2);
    requests[0]!.fill(0); // the caller may reuse its buffer: the forwarder kept its own copy
    await forwarder.flush();
    assert.equal(upstream.requests.length, 1, 'one batch');
    assert.deepEqual(upstream.accepted().map((s) => s.name), ['p0a', 'p0b', 'p1a', 'p1b', 'p2a', 'p2b']);
    assert.ok(upstream.requests[0]!.body.equals(expected), 'no re-encoding: the parts, concatenated');
  } finally {
    await forwarder.close();
    await upstream.close();
  }
});

test("encoding 'json' batches several requests into one OTLP JSON body", async () => {
  const upstream = await startUpstream();
  const forwarder = createForwarder({ url: upstream.url }, { encoding: 'json', batchDelayMs: 50 });
  try {
    const bytes = encodeTraceRequestProtobuf(readTraceRequestJson(otlpJson([{ name: 'from bytes' }])).request);
    forwarder.enqueue(readTraceRequestJson(otlpJson([{ name: 'j1' }, { name: 'j2' }])).request);
    forwarder.enqueue(bytes, 1);
    await forwarder.flush();
    assert.equal(upstream.requests.length, 1);
    assert.equal(upstream.requests[0]!.contentType, 'application/json');
    assert.equal(JSON.parse(upstream.requests[0]!.body.toString()).resourceSpans.length, 2);
    assert.deepEqual(upstream.accepted().map((s) => s.name), ['j1', 'j2', 'from bytes']);
  } finally {
    await forwarder.close();
    await upstream.close();
  }
});
