// The app's transport against the real in-process server (ws package as WebSocket in Node 20): API calls, live
// messages, and reconnect + hello after the server restarts on the same port.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import WebSocket from 'ws';
import type { LiveMessage } from '../../../viewer/shared/live-messages.js';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { createWsTransport } from '../../../viewer/ui/lib/ws-transport.js';
import { createViewerModel } from '../../../viewer/ui/models/viewer-model.js';
import type { ConnectionState } from '../../../viewer/ui/lib/viewer-transport.js';
import { hexId, otlpJson } from '../../helpers/browser-harness.js';

let server: ViewerServer;
after(() => server?.close());

function waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out'));
      setTimeout(poll, 10);
    };
    poll();
  });
}

test('the ws transport subscribes: only the open trace\'s spans arrive, before and after a reconnect', { timeout: 30_000 }, async () => {
  const local = await createViewerServer({ port: 0, forward: null });
  let current = local;
  const transport = createWsTransport({
    baseUrl: local.url,
    WebSocket: WebSocket as unknown as new (url: string) => globalThis.WebSocket,
  });
  const messages: LiveMessage[] = [];
  const states: ConnectionState[] = [];
  const stop = transport.connect({ onMessage: (m) => messages.push(m), onState: (s) => states.push(s) });
  const post = (traceId: string, name: string) => {
    const now = Date.now();
    return transport.importOtlp(otlpJson([{ traceId, spanId: hexId(8), name, startMs: now, endMs: now + 1 }]));
  };
  /** Posts a marker trace and returns the span names received until its summary arrived. */
  const spanNamesUntilMarker = async () => {
    const marker = hexId(16);
    const from = messages.length;
    await post(marker, 'marker');
    await waitFor(() => (messages.slice(from).some((m) => m.type === 'spans' && m.traces.some((t) => t.traceId === marker)) ? true : undefined));
    return messages.slice(from).flatMap((m) => (m.type === 'spans' ? m.spans.map((s) => s.name) : [])).sort();
  };
  try {
    await waitFor(() => messages.find((m) => m.type === 'hello'));
    const watched = hexId(16);
    const other = hexId(16);
    await post(watched, 'before');
    assert.deepEqual(await spanNamesUntilMarker(), [], 'the page starts with summaries only');
    await transport.subscribe(watched);
    await post(other, 'other');
    await post(watched, 'w1');
    assert.deepEqual(await spanNamesUntilMarker(), ['w1']);
    assert.ok(!messages.some((m) => m.type === 'subscribed'), 'acks stay inside the transport');

    // Restart on the same port: the reconnect carries the subscription.
    const port = local.port;
    await local.close();
    await waitFor(() => (states.at(-1) === 'closed' ? true : undefined));
    const hellos = messages.filter((m) => m.type === 'hello').length;
    current = await createViewerServer({ port, forward: null });
    await waitFor(() => (messages.filter((m) => m.type === 'hello').length > hellos ? true : undefined));
    await post(other, 'other again');
    await post(watched, 'w2');
    assert.deepEqual(await spanNamesUntilMarker(), ['w2']);

    await transport.subscribe(null);
    await post(watched, 'w3');
    assert.deepEqual(await spanNamesUntilMarker(), []);
  } finally {
    stop();
    await current.close();
  }
});

test('the UI model copes with a flush split into many small messages', { timeout: 30_000 }, async () => {
  const local = await createViewerServer({ port: 0, forward: null, liveFrameLimits: { maxItems: 5 } });
  const transport = createWsTransport({
    baseUrl: local.url,
    WebSocket: WebSocket as unknown as new (url: string) => globalThis.WebSocket,
  });
  const model = createViewerModel({ transport });
  const stop = model.start({ healthPollMs: 60_000 });
  try {
    await waitFor(() => (model.connection.state.value === 'open' ? true : undefined));
    const open = hexId(16);
    const now = Date.now();
    const root = hexId(8);
    await transport.importOtlp(otlpJson([{ traceId: open, spanId: root, name: 'root', startMs: now, endMs: now + 100 }]));
    model.navigate({ traceId: open, spanId: null });
    await waitFor(() => (model.detail.status.value === 'ready' ? true : undefined));
    const others = Array.from({ length: 11 }, () => hexId(16));
    const spans = [
      ...Array.from({ length: 23 }, (_, i) => ({ traceId: open, spanId: hexId(8), parentSpanId: root, name: `child ${i}`, startMs: now + i, endMs: now + i + 1 })),
      ...others.flatMap((traceId) => [0, 1].map((i) => ({ traceId, spanId: hexId(8), name: `other ${i}`, startMs: now, endMs: now + 1 }))),
    ];
    await transport.importOtlp(otlpJson(spans)); // one batch: 45 spans, 12 traces, messages of 5
    await waitFor(() => (model.detail.tree.value.rows.length === 24 && model.traces.view.value.total === 12 ? true : undefined));
    const listed = model.traces.view.value.items.find((t) => t.traceId === open);
    assert.equal(listed?.spanCount, 24);
  } finally {
    stop();
    await local.close();
  }
});

test('the ws transport talks to the real server: API, live batches, reconnect with hello', async () => {
  server = await createViewerServer({ port: 0, forward: null });
  const transport = createWsTransport({
    baseUrl: server.url,
    WebSocket: WebSocket as unknown as new (url: string) => globalThis.WebSocket,
  });
  const messages: LiveMessage[] = [];
  const states: ConnectionState[] = [];
  const stop = transport.connect({ onMessage: (m) => messages.push(m), onState: (s) => states.push(s) });
  try {
    await waitFor(() => messages.find((m) => m.type === 'hello'));
    assert.deepEqual(states, ['connecting', 'open']);

    const health = await transport.getHealth();
    assert.equal(health.ok, true);
    assert.equal(health.forwarding.target, null);
    assert.equal(await transport.getTrace(hexId(16)), null);

    const traceId = hexId(16);
    const now = Date.now();
    const body = otlpJson([{ traceId, spanId: hexId(8), name: 'imported', startMs: now, endMs: now + 1 }], 'import-svc');
    const imported = await transport.importOtlp(body);
    assert.equal(imported.spans, 1);
    const live = await waitFor(() => messages.find((m) => m.type === 'spans'));
    assert.equal(live.type === 'spans' && live.traces[0].traceId, traceId);
    const trace = await transport.getTrace(traceId);
    assert.equal(trace?.spans[0].name, 'imported');
    const exported = await fetch(transport.exportUrl(traceId));
    assert.equal(exported.status, 200);
    assert.equal((await exported.json()).resourceSpans.length, 1);

    await transport.clearTraces();
    await waitFor(() => messages.find((m) => m.type === 'cleared'));
    await assert.rejects(transport.importOtlp('{"resourceSpans": 5}'));

    // Restart on the same port: the transport reconnects by itself and gets a fresh hello.
    const port = server.port;
    await server.close();
    await waitFor(() => (states.at(-1) === 'closed' ? true : undefined));
    const hellos = messages.filter((m) => m.type === 'hello').length;
    server = await createViewerServer({ port, forward: null });
    await waitFor(() => (messages.filter((m) => m.type === 'hello').length > hellos ? true : undefined));
    assert.equal(states.at(-1), 'open');
  } finally {
    stop();
  }
});
