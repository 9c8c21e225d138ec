// The span store checked against a plain model under random load: interleaved traces, re-sent spans, big traces
// (past the linear id scan), slots and ring positions reused after eviction, a trace id coming back after eviction.
// One span per add, so the model can follow each eviction exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSpanStore, type StoreEvent } from '../../../../viewer/server/span-store.js';
import type { StoredSpan } from '../../../../viewer/shared/api-types.js';

/** A small seeded PRNG (mulberry32), so a failure replays. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

function makeSpan(traceId: string, spanNo: number, parent: string | null, rnd: () => number): StoredSpan {
  const start = 1_700_000_000_000_000_000n + BigInt(spanNo) * 1000n;
  return {
    traceId,
    spanId: hex(spanNo + 1, 16),
    parentSpanId: parent,
    name: `op-${Math.floor(rnd() * 5)}`,
    kind: 1,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 500n).toString(),
    status: { code: rnd() < 0.1 ? 2 : 0 },
    attributes: { payload: 'x'.repeat(Math.floor(rnd() * 600)), n: spanNo },
    events: [],
    resource: { attributes: { 'service.name': `svc-${Math.floor(rnd() * 3)}` } },
    scope: { name: 'model-test' },
    genAi: null,
  };
}

for (const seed of [1, 2, 3]) {
  test(`matches a plain model under random load (seed ${seed})`, () => {
    const rnd = random(seed);
    const store = createSpanStore({ maxBytes: 600_000 });
    const model = new Map<string, StoredSpan[]>(); // what the store should hold, per trace, in arrival order
    const arrival: string[] = []; // live trace ids, oldest first (a trace id may come back after eviction)
    let evictedNow: string[] = [];
    let liveNow: StoredSpan[] = [];
    store.subscribe((e: StoreEvent) => {
      if (e.type === 'evicted') evictedNow.push(...e.traceIds);
      if (e.type === 'spans') liveNow.push(...e.spans);
    });
    const open: string[] = [];
    const sent: StoredSpan[] = [];
    let spanNo = 0;
    let traceNo = 0;
    let long = hex(++traceNo, 32); // one trace gets many spans, until evicted, then another one
    let maxLive = 0;
    let evictions = 0;
    for (let step = 0; step < 30_000; step++) {
      let s: StoredSpan;
      const roll = rnd();
      if (roll < 0.05 && sent.length) {
        s = sent[Math.floor(rnd() * sent.length)]; // an exporter retry
      } else {
        if (roll < 0.15 || !open.length) open.push(roll < 0.06 && evictions ? hex(1 + Math.floor(rnd() * traceNo), 32) : hex(++traceNo, 32));
        if (open.length > 12) open.shift();
        const pick = rnd();
        if (pick < 0.3 && !model.has(long) && (model.size || step)) long = hex(++traceNo, 32);
        const traceId = pick < 0.3 ? long : pick < 0.4 ? open[0] : open[Math.floor(rnd() * open.length)];
        s = makeSpan(traceId, spanNo++, rnd() < 0.3 ? null : hex(spanNo, 16), rnd);
        sent.push(s);
        if (sent.length > 500) sent.shift();
      }
      const duplicate = !!model.get(s.traceId)?.some((x) => x.spanId === s.spanId);
      evictedNow = [];
      liveNow = [];
      store.add([s]);
      if (duplicate) {
        assert.deepEqual([evictedNow, liveNow], [[], []], 'a re-sent span changes nothing');
      } else {
        // Eviction takes whole traces, always the oldest live ones.
        assert.deepEqual(new Set(evictedNow), new Set(arrival.slice(0, evictedNow.length)), `step ${step}: oldest first`);
        for (const id of evictedNow) model.delete(id);
        arrival.splice(0, evictedNow.length);
        evictions += evictedNow.length;
        // Dropped at once only when making room evicted its own trace (whose older spans sat in the oldest buffer).
        if (!liveNow.length) {
          assert.ok(evictedNow.includes(s.traceId), `step ${step}: a new span is kept unless its trace was evicted`);
          continue;
        }
        assert.deepEqual(liveNow, [s]);
        const spans = model.get(s.traceId);
        if (spans) spans.push(s);
        else {
          model.set(s.traceId, [s]);
          arrival.push(s.traceId);
        }
      }
      const stats = store.stats();
      assert.ok(stats.bytes <= stats.maxBytes, `step ${step}: ${stats.bytes} <= ${stats.maxBytes}`);
      assert.equal(stats.traces, model.size, `step ${step}: trace count`);
      maxLive = Math.max(maxLive, model.get(long)?.length ?? 0);
    }

    const stats = store.stats();
    assert.ok(stats.droppedSpans > 0, 'the budget made the store evict');
    assert.equal(stats.spans, [...model.values()].reduce((n, s) => n + s.length, 0));
    // Newest first by first arrival; each live trace once.
    assert.deepEqual(store.listTraces({ limit: 100_000 }).map((t) => t.traceId), [...arrival].reverse());
    assert.ok(evictions > 100, `the budget made the store evict (${evictions} traces)`);
    for (const [traceId, spans] of model) {
      const got = store.getTrace(traceId)!;
      assert.ok(got, `trace ${traceId} is readable`);
      const byId = (a: StoredSpan, b: StoredSpan) => a.spanId.localeCompare(b.spanId);
      assert.deepEqual(
        got.map((s) => [s.spanId, s.name, s.attributes.n, s.status.code]).sort(),
        spans.map((s) => [s.spanId, s.name, s.attributes.n, s.status.code]).sort(),
      );
      const summary = store.getSummary(traceId)!;
      assert.equal(summary.spanCount, spans.length);
      assert.equal(summary.errorCount, spans.filter((s) => s.status.code === 2).length);
      const first = [...spans].sort(byId)[0];
      assert.equal(summary.startTimeUnixNano, first.startTimeUnixNano, 'earliest start, exactly');
    }
    assert.ok(maxLive > 100, `a trace went well past the linear id scan (${maxLive} spans)`);
  });
}

test('a trace with thousands of spans: each id found once, re-sending all of them stores nothing', () => {
  const store = createSpanStore({ maxBytes: 64 * 1024 * 1024 });
  const rnd = random(9);
  const traceId = hex(7, 32);
  const spans = Array.from({ length: 5000 }, (_, i) => makeSpan(traceId, i, i ? hex(i, 16) : null, rnd));
  for (let i = 0; i < spans.length; i += 100) store.add(spans.slice(i, i + 100));
  store.add(spans);
  assert.equal(store.stats().spans, 5000);
  assert.equal(store.getTrace(traceId)!.length, 5000);
  assert.equal(store.getSummary(traceId)!.name, spans[0].name, 'the parentless span is the root');
});

test('search finds a trace by any span name, service and trace id; filters by service and errors', () => {
  const store = createSpanStore({ maxBytes: 8 * 1024 * 1024 });
  const rnd = random(4);
  const a = hex(1, 32);
  const b = hex(2, 32);
  store.add([
    { ...makeSpan(a, 0, null, rnd), name: 'checkout', status: { code: 0 }, resource: { attributes: { 'service.name': 'shop' } } },
    { ...makeSpan(a, 1, hex(1, 16), rnd), name: 'charge-card', status: { code: 2 } },
    { ...makeSpan(b, 2, null, rnd), name: 'home', status: { code: 0 }, resource: { attributes: { 'service.name': 'web' } } },
  ]);
  const ids = (filter: Parameters<typeof store.listTraces>[0]) => store.listTraces(filter).map((t) => t.traceId);
  assert.deepEqual(ids({ q: 'CHARGE' }), [a]);
  assert.deepEqual(ids({ q: 'home' }), [b]);
  assert.deepEqual(ids({ q: a.slice(-6) }), [a]);
  assert.deepEqual(ids({ service: 'web' }), [b]);
  assert.deepEqual(ids({ errorsOnly: true }), [a]);
  assert.deepEqual(ids({}), [b, a]);
});
