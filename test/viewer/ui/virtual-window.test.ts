import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scrollTopToReveal, virtualWindow } from '../../../viewer/ui/lib/virtual-window.js';
import { formatRoute, parseRoute } from '../../../viewer/ui/lib/route.js';
import { reconnectDelay } from '../../../viewer/ui/lib/reconnect-delay.js';

test('only the visible rows plus overscan are in the window, whatever the list length', () => {
  const w = virtualWindow({ count: 10_000, rowHeight: 28, scrollTop: 2800, viewportHeight: 560 });
  assert.deepEqual(w, { start: 90, end: 131, offsetPx: 2520, totalPx: 280_000 });
  const end = virtualWindow({ count: 10_000, rowHeight: 28, scrollTop: 1e9, viewportHeight: 560 });
  assert.equal(end.end, 10_000);
  assert.ok(end.end - end.start < 60);
  assert.deepEqual(virtualWindow({ count: 0, rowHeight: 28, scrollTop: 0, viewportHeight: 500 }).end, 0);
});

test('revealing a row scrolls only as much as needed', () => {
  assert.equal(scrollTopToReveal({ index: 50, rowHeight: 28, scrollTop: 0, viewportHeight: 280 }), 1148);
  assert.equal(scrollTopToReveal({ index: 2, rowHeight: 28, scrollTop: 1000, viewportHeight: 280 }), 56);
  assert.equal(scrollTopToReveal({ index: 5, rowHeight: 28, scrollTop: 0, viewportHeight: 280 }), 0);
});

test('routes round-trip through the URL hash', () => {
  assert.deepEqual(parseRoute('#/trace/abc/span/def'), { traceId: 'abc', spanId: 'def' });
  assert.deepEqual(parseRoute('#/trace/abc'), { traceId: 'abc', spanId: null });
  assert.deepEqual(parseRoute(''), { traceId: null, spanId: null });
  assert.deepEqual(parseRoute('#/nonsense'), { traceId: null, spanId: null });
  const r = { traceId: 'a b', spanId: 'c/d' };
  assert.deepEqual(parseRoute(formatRoute(r)), r);
  assert.equal(formatRoute({ traceId: null, spanId: null }), '#/');
});

test('reconnect delays grow exponentially, are capped and jittered', () => {
  assert.equal(reconnectDelay(0, () => 1), 250);
  assert.equal(reconnectDelay(0, () => 0), 125);
  assert.equal(reconnectDelay(3, () => 1), 2000);
  assert.equal(reconnectDelay(50, () => 1), 5000);
  assert.equal(reconnectDelay(50, () => 0), 2500);
});
