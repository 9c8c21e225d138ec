import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createMemoryTransport } from '../../../viewer/ui/lib/memory-transport.js';
import { createViewerModel } from '../../../viewer/ui/models/viewer-model.js';
import { makeSpan } from '../../helpers/ui-span-fixtures.js';

const tick = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const transport = createMemoryTransport();
  const model = createViewerModel({ transport });
  const stop = model.start({ healthPollMs: 60_000 });
  // Stopped even when an assertion fails first, so no poll timer keeps the test process alive.
  after(stop);
  return { transport, model, stop };
}

test('live batches update the trace list newest first, with summaries from the batch', async () => {
  const { transport, model, stop } = setup();
  assert.equal(model.connection.state.value, 'open');
  assert.equal(model.traces.view.value.items.length, 0);
  transport.ingest([makeSpan({ traceId: 'old', spanId: 'a', startMs: 0 })]);
  transport.ingest([
    makeSpan({ traceId: 'new', spanId: 'b', startMs: 100, genAi: { responseModel: 'gpt-4o', inputTokens: 7 } }),
  ]);
  const items = model.traces.view.value.items;
  assert.deepEqual(items.map((t) => t.traceId), ['new', 'old']);
  assert.equal(items[0].inputTokens, 7);
  assert.deepEqual(model.traces.models.value, ['gpt-4o']);
  stop();
});

test('filters narrow the list and keep narrowing live updates', () => {
  const { transport, model, stop } = setup();
  transport.ingest([makeSpan({ traceId: 'ok', spanId: 'a', startMs: 0 })]);
  transport.ingest([makeSpan({ traceId: 'bad', spanId: 'b', startMs: 1, error: true })]);
  model.traces.setFilter({ errorsOnly: true });
  assert.deepEqual(model.traces.view.value.items.map((t) => t.traceId), ['bad']);
  assert.equal(model.traces.view.value.total, 2);
  transport.ingest([makeSpan({ traceId: 'ok', spanId: 'c', parentSpanId: 'a', startMs: 2, error: true })]);
  assert.deepEqual(model.traces.view.value.items.map((t) => t.traceId), ['bad', 'ok']);
  transport.ingest([makeSpan({ traceId: 'fine', spanId: 'd', startMs: 5 })]);
  assert.deepEqual(model.traces.view.value.items.map((t) => t.traceId), ['bad', 'ok']);
  model.traces.setFilter({ errorsOnly: false, text: 'fine' });
  assert.deepEqual(model.traces.view.value.items.map((t) => t.traceId), ['fine']);
  stop();
});

test('opening a trace fetches it, applies only its live spans, and merges spans that raced the fetch', async () => {
  const { transport, model, stop } = setup();
  transport.ingest([makeSpan({ traceId: 't1', spanId: 'root', startMs: 0, durationMs: 100 })]);
  transport.ingest([makeSpan({ traceId: 't2', spanId: 'other', startMs: 0 })]);
  const release = transport.holdTraceRequests();
  model.navigate({ traceId: 't1', spanId: null });
  assert.equal(model.detail.status.value, 'loading');
  transport.ingest([makeSpan({ traceId: 't1', spanId: 'child', parentSpanId: 'root', startMs: 10 })]);
  release();
  await tick();
  assert.equal(model.detail.status.value, 'ready');
  assert.deepEqual(model.detail.tree.value.rows.map((r) => r.span.spanId), ['root', 'child']);
  transport.ingest([
    makeSpan({ traceId: 't2', spanId: 'x', startMs: 1 }),
    makeSpan({ traceId: 't1', spanId: 'late', parentSpanId: 'root', startMs: 20 }),
  ]);
  assert.deepEqual(model.detail.tree.value.rows.map((r) => r.span.spanId), ['root', 'child', 'late']);
  assert.equal(model.detail.getSpan('x'), undefined, 'spans of other traces are not kept in the page');
  assert.deepEqual(transport.traceRequests, ['t1']);
  stop();
});

test('the open trace is subscribed before it is fetched, unsubscribed on close, re-subscribed after a reconnect', async () => {
  const { transport, model, stop } = setup();
  transport.ingest([makeSpan({ traceId: 't', spanId: 'r', startMs: 0 })]);
  const order: string[] = [];
  const subscribe = transport.subscribe.bind(transport);
  const getTrace = transport.getTrace.bind(transport);
  transport.subscribe = (id) => (order.push(`subscribe ${id}`), subscribe(id));
  transport.getTrace = (id) => (order.push(`get ${id}`), getTrace(id));
  model.navigate({ traceId: 't', spanId: null });
  await tick();
  assert.equal(model.detail.status.value, 'ready');
  transport.disconnect();
  transport.reconnect();
  await tick();
  model.navigate({ traceId: null, spanId: null });
  assert.deepEqual(order, ['subscribe t', 'get t', 'subscribe t', 'get t', 'subscribe null']);
  assert.deepEqual(transport.subscriptions, ['t', 't', null]);
  stop();
});

test('span selection follows the route, keyboard moves through rows, Esc-style close clears it', async () => {
  const { transport, model, stop } = setup();
  transport.ingest([
    makeSpan({ traceId: 't', spanId: 'r', startMs: 0, durationMs: 50 }),
    makeSpan({ traceId: 't', spanId: 'llm', parentSpanId: 'r', startMs: 5, genAi: {} }),
  ]);
  model.navigate({ traceId: 't', spanId: 'llm' });
  await tick();
  assert.equal(model.selectedSpan.value?.spanId, 'llm');
  model.moveSpan(-1);
  assert.deepEqual(model.route.value, { traceId: 't', spanId: 'r' });
  model.moveSpan(-1);
  assert.equal(model.route.value.spanId, 'r', 'stays at the first row');
  model.selectSpan(null);
  assert.equal(model.selectedSpan.value, null);
  model.moveSpan(1);
  assert.equal(model.route.value.spanId, 'r');
  stop();
});

test('a deep link to a span inside a collapsed subtree expands its ancestors', async () => {
  const { transport, model, stop } = setup();
  transport.ingest([
    makeSpan({ traceId: 't', spanId: 'r', startMs: 0 }),
    makeSpan({ traceId: 't', spanId: 'a', parentSpanId: 'r', startMs: 1 }),
    makeSpan({ traceId: 't', spanId: 'b', parentSpanId: 'a', startMs: 2 }),
  ]);
  model.navigate({ traceId: 't', spanId: null });
  await tick();
  model.detail.toggleCollapsed('r');
  assert.equal(model.detail.tree.value.rows.length, 1);
  model.selectSpan('b');
  assert.equal(model.detail.tree.value.rows.length, 3);
  stop();
});

test('moveTrace walks the filtered list', () => {
  const { transport, model, stop } = setup();
  for (let i = 0; i < 3; i++) transport.ingest([makeSpan({ traceId: `t${i}`, spanId: `s${i}`, startMs: i })]);
  model.moveTrace(1);
  assert.equal(model.route.value.traceId, 't2');
  model.moveTrace(1);
  assert.equal(model.route.value.traceId, 't1');
  model.moveTrace(-5);
  assert.equal(model.route.value.traceId, 't2');
  stop();
});

test('reconnect resyncs from hello: list replaced, open trace refetched, forwarding updated', async () => {
  const { transport, model, stop } = setup();
  transport.ingest([makeSpan({ traceId: 't', spanId: 'r', startMs: 0 })]);
  model.navigate({ traceId: 't', spanId: null });
  await tick();
  transport.disconnect();
  assert.equal(model.connection.state.value, 'closed');
  // While the page was away: another span of the open trace and a new trace; forwarding switched on.
  transport.forwarding = { target: 'https://collector.example/v1/traces', sent: 3, failed: 0, queued: 0, dropped: 0, lastError: null, targets: [] };
  transport.ingest([makeSpan({ traceId: 't', spanId: 'c', parentSpanId: 'r', startMs: 1 })]);
  assert.equal(model.detail.tree.value.rows.length, 1);
  transport.reconnect();
  await tick();
  assert.equal(model.connection.state.value, 'open');
  assert.equal(model.connection.forwarding.value?.target, 'https://collector.example/v1/traces');
  assert.equal(model.detail.tree.value.rows.length, 2);
  assert.deepEqual(transport.traceRequests, ['t', 't']);
  stop();
});

test('evicted and cleared traces leave the list; the open one is marked', async () => {
  const { transport, model, stop } = setup();
  transport.ingest([makeSpan({ traceId: 'a', spanId: '1' })]);
  transport.ingest([makeSpan({ traceId: 'b', spanId: '2', startMs: 5 })]);
  model.navigate({ traceId: 'a', spanId: null });
  await tick();
  transport.emit({ type: 'evicted', traceIds: ['a'] });
  assert.deepEqual(model.traces.view.value.items.map((t) => t.traceId), ['b']);
  assert.equal(model.detail.status.value, 'evicted');
  await model.clearAll();
  assert.equal(model.traces.view.value.items.length, 0);
  assert.equal(model.route.value.traceId, null);
  assert.equal(model.notice.value?.kind, 'info');
  stop();
});

test('import rejects non-JSON before sending and reports the server answer otherwise', async () => {
  const { transport, model, stop } = setup();
  await model.importText('not json');
  assert.equal(model.notice.value?.kind, 'error');
  assert.equal(transport.imports.length, 0);
  await model.importText('{"resourceSpans":[]}');
  assert.equal(transport.imports.length, 1);
  assert.equal(model.notice.value?.kind, 'info');
  stop();
});

test('the header counts follow a live batch within ~50 ms after a quiet spell, and at most once a second in a flood', async () => {
  const transport = createMemoryTransport();
  let healthCalls = 0;
  const getHealth = transport.getHealth.bind(transport);
  transport.getHealth = () => {
    healthCalls++;
    return getHealth();
  };
  const model = createViewerModel({ transport });
  const stop = model.start({ healthPollMs: 60_000 });
  after(stop);
  await tick(); // the hello (and its own refresh) came first; no batch refreshed yet
  const before = healthCalls;
  transport.ingest([makeSpan({ traceId: 't1', spanId: 'a', startMs: 0 })]);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(healthCalls, before + 1, 'refreshed soon after the batch');
  assert.equal(model.connection.health.value?.spans, 1);
  for (let i = 0; i < 20; i++) transport.ingest([makeSpan({ traceId: `f${i}`, spanId: `s${i}`, startMs: i })]);
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(healthCalls, before + 1, 'a flood right after waits for the interval');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(healthCalls, before + 2, 'then one refresh for the whole flood');
  assert.equal(model.connection.health.value?.spans, 21);
  stop();
});
