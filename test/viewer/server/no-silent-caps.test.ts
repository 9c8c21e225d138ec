// Nothing stored is invisible: past any number of distinct names and models, every stored trace is found by the
// API's filters and search, `total` counts them, and what eviction dropped is counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';

test('25,000 traces with distinct names and models, then a new model: filters, search and total reach all of them', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, maxMemoryBytes: 512 * 1024 * 1024 });
  try {
    const ids: string[] = [];
    for (let batch = 0; batch < 50; batch++) {
      const spans = Array.from({ length: 500 }, (_, i) => {
        const n = batch * 500 + i;
        const traceId = hexId(16);
        ids.push(traceId);
        return { traceId, name: `op-${n}`, attributes: { 'gen_ai.request.model': `model-${n}`, 'gen_ai.operation.name': 'chat' } };
      });
      assert.equal((await postJson(viewer.otlpUrl, otlpJson(spans))).status, 200);
    }
    const fresh = hexId(16);
    await postJson(viewer.otlpUrl, otlpJson([{ traceId: fresh, name: 'late', attributes: { 'gen_ai.request.model': 'brand-new-model' } }]));
    const get = async (query: string) => (await httpRequest(`${viewer.url}api/traces?${query}`)).json();

    const byModel = await get('model=brand-new-model');
    assert.deepEqual(byModel.traces.map((t: { traceId: string }) => t.traceId), [fresh]);
    assert.equal(byModel.total, 1);
    // The oldest trace, its distinct name and model, far past any old cap.
    assert.deepEqual((await get('q=op-0&limit=5')).traces.map((t: { traceId: string }) => t.traceId).includes(ids[0]), true);
    assert.deepEqual((await get('model=model-0')).traces.map((t: { traceId: string }) => t.traceId), [ids[0]]);
    assert.deepEqual((await get('model=model-24999')).traces.map((t: { traceId: string }) => t.traceId), [ids[24_999]]);
    // Every trace is listed: total, and paging to the end.
    const first = await get('limit=1000');
    assert.equal(first.total, 25_001);
    assert.equal(first.traces.length, 1000);
    let seen = first.traces.length;
    let next = first.next;
    while (next) {
      const page = await get(`limit=5000&cursor=${next}`);
      seen += page.traces.length;
      next = page.next;
    }
    assert.equal(seen, 25_001, 'paging reaches every trace once');
    assert.equal(first.totals.traces, 25_001);
    const health = (await httpRequest(`${viewer.url}api/health`)).json();
    assert.equal(health.traces, 25_001);
    assert.equal(health.evictedTraces, 0);
  } finally {
    await viewer.close();
  }
});

test('eviction is counted in /api/health: traces and spans', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, maxMemoryBytes: 1024 * 1024 });
  try {
    for (let i = 0; i < 100; i++) {
      const traceId = hexId(16);
      await postJson(viewer.otlpUrl, otlpJson([{ traceId, attributes: { payload: 'x'.repeat(20_000) } }, { traceId, attributes: { payload: 'y'.repeat(20_000) } }]));
    }
    const health = (await httpRequest(`${viewer.url}api/health`)).json();
    assert.ok(health.evictedTraces > 0);
    assert.equal(health.droppedSpans, health.evictedTraces * 2, 'their spans counted');
    assert.equal(health.traces + health.evictedTraces, 100, 'every trace is either held or counted as evicted');
    const list = (await httpRequest(`${viewer.url}api/traces`)).json();
    assert.equal(list.total, health.traces);
  } finally {
    await viewer.close();
  }
});
