import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createRelay, toNodeHandler } from '../../../lib/relay.js';
import { encodeTraceRequestProtobuf, decodeTraceResponseProtobuf } from '../../../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../../../lib/forward/read-otlp-json.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';
import { startUpstream } from '../../helpers/start-upstream.js';
import { httpRequest } from '../../helpers/http-request.js';

const APP = 'https://app.example.com';
const KEY = 'server-held-key-0987654321';
const FAST = { initialBackoffMs: 5, batchDelayMs: 1 };

function post(body: BodyInit, headers: Record<string, string>, url = 'http://relay.test/otlp/v1/traces'): Request {
  return new Request(url, { method: 'POST', headers, body });
}

test('allowed origin: forwarded with the server-held Bearer key; answers carry CORS for that origin', async () => {
  const upstream = await startUpstream();
  const relay = createRelay({
    allowedOrigins: [APP],
    env: { TRACELIGHT_FORWARD: 'traceloop', TRACELOOP_BASE_URL: upstream.url.replace('/v1/traces', ''), TRACELOOP_API_KEY: KEY },
    forwarderOptions: FAST,
  });
  try {
    const res = await relay(post(JSON.stringify(otlpJson([{ name: 'from the page' }])), { origin: APP, 'content-type': 'application/json' }));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), APP);
    assert.deepEqual(await res.json(), {});
    await upstream.waitFor(() => upstream.accepted().length === 1);
    assert.equal(upstream.requests[0].headers.authorization, `Bearer ${KEY}`);
    assert.equal(upstream.accepted()[0].name, 'from the page');
    await upstream.waitFor(() => relay.status().sent === 1);
    assert.ok(!JSON.stringify(relay.status()).includes(KEY));

    // protobuf in, gzip: protobuf answer
    const proto = encodeTraceRequestProtobuf(readTraceRequestJson(otlpJson([{ name: 'proto' }])).request);
    const res2 = await relay(
      post(gzipSync(proto), { origin: APP, 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }),
    );
    assert.equal(res2.status, 200);
    assert.equal(res2.headers.get('content-type'), 'application/x-protobuf');
    assert.deepEqual(decodeTraceResponseProtobuf(new Uint8Array(await res2.arrayBuffer())), { rejectedSpans: 0, errorMessage: '' });
    await upstream.waitFor(() => upstream.accepted().length === 2);
  } finally {
    await relay.close();
    await upstream.close();
  }
});

test('refusals: foreign or missing origin 403, preflight, 405, 415, 413 (also after decompression), 400', async () => {
  const upstream = await startUpstream();
  const relay = createRelay({
    allowedOrigins: [APP],
    forward: { url: upstream.url, headers: { authorization: `Bearer ${KEY}` }, stripContent: false, target: upstream.url },
    maxBodyBytes: 64 * 1024,
    forwarderOptions: FAST,
  });
  const json = { 'content-type': 'application/json' };
  try {
    const body = JSON.stringify(otlpJson([{}]));
    let res = await relay(post(body, { ...json, origin: 'https://evil.example' }));
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    res = await relay(post(body, json));
    assert.equal(res.status, 403, 'no Origin: refused by default');

    res = await relay(
      new Request('http://relay.test/', {
        method: 'OPTIONS',
        headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      }),
    );
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), APP);
    assert.match(res.headers.get('access-control-allow-methods')!, /POST/);
    assert.equal(res.headers.get('access-control-allow-headers'), 'content-type');
    res = await relay(new Request('http://relay.test/', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }));
    assert.equal(res.status, 403);

    res = await relay(new Request('http://relay.test/', { headers: { origin: APP } }));
    assert.equal(res.status, 405);
    res = await relay(post('hi', { origin: APP, 'content-type': 'text/plain' }));
    assert.equal(res.status, 415);
    res = await relay(post('x'.repeat(100 * 1024), { ...json, origin: APP }));
    assert.equal(res.status, 413);
    res = await relay(post(gzipSync(Buffer.alloc(50 * 1024 * 1024)), { ...json, origin: APP, 'content-encoding': 'gzip' }));
    assert.equal(res.status, 413);
    res = await relay(post('{"resourceSpans": [', { ...json, origin: APP }));
    assert.equal(res.status, 400);
    assert.equal((await res.json()).code, 3);

    await relay.close();
    assert.equal(upstream.requests.length, 0, 'nothing refused was forwarded');
  } finally {
    await upstream.close();
  }
});

test('stripContent, allowNoOrigin, predicate origins, waitUntil, and an unconfigured relay', async () => {
  const upstream = await startUpstream();
  const pending: Array<Promise<unknown>> = [];
  const relay = createRelay({
    allowedOrigins: (origin) => origin.endsWith('.example.com'),
    allowNoOrigin: true,
    env: { TRACELIGHT_FORWARD: upstream.url },
    stripContent: true,
    waitUntil: (p) => pending.push(p),
    forwarderOptions: FAST,
  });
  try {
    const body = JSON.stringify(otlpJson([{ attributes: { 'gen_ai.input.messages': 'SECRET', 'gen_ai.request.model': 'gpt-4o' } }]));
    const res = await relay(post(body, { 'content-type': 'application/json' }));
    assert.equal(res.status, 200);
    const res2 = await relay(post(body, { 'content-type': 'application/json', origin: 'https://shop.example.com' }));
    assert.equal(res2.status, 200);
    assert.equal(pending.length, 2);
    await Promise.all(pending);
    assert.equal(upstream.accepted().length, 2);
    for (const s of upstream.accepted()) assert.deepEqual(s.attributes.map((a) => a.key), ['gen_ai.request.model']);
  } finally {
    await relay.close();
    await upstream.close();
  }
  const unconfigured = createRelay({ allowedOrigins: [APP], env: {} });
  const res = await unconfigured(post('{}', { origin: APP, 'content-type': 'application/json' }));
  assert.equal(res.status, 503);
});

test('toNodeHandler mounts the relay on node:http', async () => {
  const upstream = await startUpstream();
  const relay = createRelay({
    allowedOrigins: [APP],
    forward: { url: upstream.url, headers: { authorization: `Bearer ${KEY}` }, stripContent: false, target: upstream.url },
    flushBeforeResponse: true,
    forwarderOptions: FAST,
  });
  const server = createServer(toNodeHandler(relay));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/otlp/v1/traces`;
  try {
    const res = await httpRequest(url, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: JSON.stringify(otlpJson([{ name: 'via node http' }])),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], APP);
    // flushBeforeResponse: already upstream when the answer arrives
    assert.equal(upstream.accepted()[0].name, 'via node http');
    assert.equal(upstream.requests[0].headers.authorization, `Bearer ${KEY}`);
    const foreign = await httpRequest(url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(foreign.status, 403);
    const big = await httpRequest(url, {
      method: 'POST',
      headers: { origin: APP, 'content-type': 'application/json' },
      body: 'x'.repeat(6 * 1024 * 1024),
    });
    assert.equal(big.status, 413);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await relay.close();
    await upstream.close();
  }
});
