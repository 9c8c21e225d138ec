import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { init, shutdown, flush, tracedFetch } from '../../lib/node.js';
import { createOtlpSink } from '../helpers/otlp-sink.js';
import { acmeAdapter } from '../helpers/acme-adapter.js';
import { createLlmTestServer } from '../helpers/llm-test-server.js';

const body = JSON.stringify({ model: 'acme-large', messages: [{ role: 'user', content: 'Hi' }] });
const unhandled: unknown[] = [];
process.on('unhandledRejection', (e) => unhandled.push(e));
after(() => assert.deepEqual(unhandled, []));

test('tracedFetch before init just fetches (no provider registered, nothing thrown)', async () => {
  const server = await createLlmTestServer();
  try {
    const res = await tracedFetch(`${server.url}/acme/chat`, { method: 'POST', body });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).id, 'resp_1');
  } finally {
    await server.close();
  }
});

test('init patches global fetch once, exports protobuf by default, double init and shutdown are harmless', async () => {
  const sink = await createOtlpSink();
  const server = await createLlmTestServer();
  const original = globalThis.fetch;
  try {
    init({ endpoint: sink.url, providers: [acmeAdapter] });
    const patched = globalThis.fetch;
    assert.notEqual(patched, original);
    init({ endpoint: 'http://127.0.0.1:1/v1/traces' }); // ignored: first configuration stays
    assert.equal(globalThis.fetch, patched);
    await (await fetch(`${server.url}/acme/chat`, { method: 'POST', body })).text();
    await (await tracedFetch(`${server.url}/acme/chat`, { method: 'POST', body })).text();
    await flush();
    const spans = await sink.waitForSpans(2);
    assert.equal(spans.length, 2); // tracedFetch + patched global fetch: traced once each, never twice
    assert.ok(sink.contentTypes().every((t) => t === 'application/x-protobuf'));
    await shutdown();
    assert.equal(globalThis.fetch, original);
    await shutdown();
  } finally {
    globalThis.fetch = original;
    await server.close();
    await sink.close();
  }
});

test('exporter endpoint down: app calls succeed, one diagnostic, no throw or unhandled rejection', async () => {
  const server = await createLlmTestServer();
  const messages: string[] = [];
  diag.setLogger(
    { error: (m) => messages.push(`error ${m}`), warn: (m) => messages.push(`warn ${m}`), info() {}, debug() {}, verbose() {} },
    DiagLogLevel.WARN,
  );
  try {
    init({ endpoint: 'http://127.0.0.1:1/v1/traces', exportMode: 'immediate', providers: [acmeAdapter], patchFetch: false });
    for (let i = 0; i < 3; i++) {
      const res = await tracedFetch(`${server.url}/acme/chat`, { method: 'POST', body });
      assert.equal((await res.json()).id, 'resp_1');
      await flush(); // the first export fails (2 s budget for loopback), later ones are dropped at once
    }
    await shutdown();
    const ours = messages.filter((m) => m.includes('tracelight'));
    assert.equal(ours.length, 1, messages.join('\n'));
    assert.equal(messages.filter((m) => m.startsWith('error')).length, 0, messages.join('\n'));
  } finally {
    diag.disable();
    await server.close();
  }
});
