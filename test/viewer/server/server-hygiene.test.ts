// The server under load and abuse: it sheds load with 503 + Retry-After (losing nothing it acknowledged), closes
// stalled clients, answers an oversized import with 413, and keeps answering while it ingests a huge batch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { httpRequest } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';

test('too much in flight: 503 with Retry-After and an OTLP status; everything acknowledged is stored', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, maxInFlightBytes: 3 * 1024 * 1024 });
  try {
    const sent: Array<{ traceId: string; status: number; retryAfter?: string | string[] }> = [];
    await Promise.all(
      Array.from({ length: 24 }, async () => {
        const traceId = hexId(16);
        const body = JSON.stringify(otlpJson([{ traceId, attributes: { payload: 'x'.repeat(1024 * 1024) } }]));
        const res = await httpRequest(viewer.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        sent.push({ traceId, status: res.status, retryAfter: res.headers['retry-after'] });
        if (res.status === 503) assert.equal(res.json().code, 14, 'UNAVAILABLE');
      }),
    );
    const shed = sent.filter((s) => s.status === 503);
    const ok = sent.filter((s) => s.status === 200);
    assert.equal(shed.length + ok.length, sent.length);
    assert.ok(shed.length > 0, 'the burst was over the bound');
    for (const s of shed) assert.equal(s.retryAfter, '1');
    for (const s of ok) assert.equal((await httpRequest(`${viewer.url}api/traces/${s.traceId}`)).status, 200, 'acknowledged and stored');
    for (const s of shed) assert.equal((await httpRequest(`${viewer.url}api/traces/${s.traceId}`)).status, 404, 'shed, not half-stored');
    const health = (await httpRequest(`${viewer.url}api/health`)).json();
    assert.equal(health.shedRequests, shed.length, 'counted');
  } finally {
    await viewer.close();
  }
});

test('a client that sends its headers too slowly is closed', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, headersTimeoutMs: 500 });
  try {
    const sockets = Array.from({ length: 30 }, () => {
      const socket = connect(viewer.port, '127.0.0.1');
      socket.write('POST /v1/traces HTTP/1.1\r\nHost: localhost\r\n');
      const timer = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
      const closed = new Promise<void>((resolve) => socket.on('close', () => (clearInterval(timer), resolve())));
      socket.on('error', () => undefined);
      socket.resume(); // read the server's answer and its end of the connection
      return closed;
    });
    await Promise.all(sockets); // every one closed by the server (the test times out otherwise)
    assert.equal((await httpRequest(`${viewer.url}api/health`)).status, 200);
  } finally {
    await viewer.close();
  }
});

test('an import over the size cap gets its 413, not a broken pipe', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, maxBodyBytes: 4 * 1024 * 1024 });
  try {
    const body = 'x'.repeat(40 * 1024 * 1024);
    const res = await fetch(`${viewer.url}api/import`, { method: 'POST', headers: { 'content-type': 'application/json', origin: viewer.url.slice(0, -1) }, body });
    assert.equal(res.status, 413);
    assert.match(((await res.json()) as { error: string }).error, /limit/);
  } finally {
    await viewer.close();
  }
});

test('/api/health answers while a huge batch is ingested (100k attributes, a 30 MB string)', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, maxBodyBytes: 64 * 1024 * 1024, maxMemoryBytes: 256 * 1024 * 1024 });
  try {
    const many: Record<string, string> = {};
    for (let i = 0; i < 100_000; i++) many[`attr.${i}`] = `v${i}`;
    const bodies = [
      JSON.stringify(otlpJson([{ attributes: many }])),
      JSON.stringify(otlpJson([{ attributes: { prompt: 'p'.repeat(30 * 1024 * 1024) } }])),
    ];
    for (const body of bodies) {
      let stalls = 0;
      let worst = 0;
      let done = false;
      const post = httpRequest(viewer.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).finally(() => (done = true));
      while (!done) {
        const started = Date.now();
        await httpRequest(`${viewer.url}api/health`);
        const took = Date.now() - started;
        worst = Math.max(worst, took);
        if (took > 1000) stalls++;
      }
      assert.equal((await post).status, 200);
      assert.equal(stalls, 0, `health waited ${worst} ms at worst`);
    }
  } finally {
    await viewer.close();
  }
});
