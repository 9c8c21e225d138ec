import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSpanTree } from '../../../viewer/ui/lib/build-span-tree.js';
import { makeSpan } from '../../helpers/ui-span-fixtures.js';

test('nests children under parents, sorted by start, with offsets from the trace start', () => {
  const tree = buildSpanTree([
    makeSpan({ spanId: 'c2', parentSpanId: 'root', startMs: 50, durationMs: 10 }),
    makeSpan({ spanId: 'root', startMs: 0, durationMs: 100 }),
    makeSpan({ spanId: 'c1', parentSpanId: 'root', startMs: 5, durationMs: 20 }),
    makeSpan({ spanId: 'g1', parentSpanId: 'c1', startMs: 6, durationMs: 1.5 }),
  ]);
  assert.deepEqual(
    tree.rows.map((r) => [r.span.spanId, r.depth]),
    [['root', 0], ['c1', 1], ['g1', 2], ['c2', 1]],
  );
  assert.equal(tree.durationMs, 100);
  const g1 = tree.rows[tree.indexById.get('g1')!];
  assert.equal(g1.startMs, 6);
  assert.equal(g1.endMs, 7.5);
  assert.equal(tree.rows[0].childCount, 2);
});

test('spans whose parent is missing are shown at the root and marked orphan', () => {
  const tree = buildSpanTree([
    makeSpan({ spanId: 'a', startMs: 0 }),
    makeSpan({ spanId: 'lost', parentSpanId: 'not-here', startMs: 3 }),
    makeSpan({ spanId: 'kid', parentSpanId: 'lost', startMs: 4 }),
  ]);
  assert.deepEqual(
    tree.rows.map((r) => [r.span.spanId, r.depth, r.orphan]),
    [['a', 0, false], ['lost', 0, true], ['kid', 1, false]],
  );
});

test('collapsed subtrees are left out of the rows, parent cycles cannot hang or lose spans', () => {
  const spans = [
    makeSpan({ spanId: 'r', startMs: 0 }),
    makeSpan({ spanId: 'a', parentSpanId: 'r', startMs: 1 }),
    makeSpan({ spanId: 'b', parentSpanId: 'a', startMs: 2 }),
    makeSpan({ spanId: 'x', parentSpanId: 'y', startMs: 3 }),
    makeSpan({ spanId: 'y', parentSpanId: 'x', startMs: 4 }),
  ];
  const collapsed = buildSpanTree(spans, new Set(['a']));
  assert.deepEqual(collapsed.rows.map((r) => r.span.spanId), ['r', 'a', 'x', 'y']);
  assert.equal(collapsed.indexById.has('b'), false);
  const full = buildSpanTree(spans);
  assert.equal(full.rows.length, 5);
});

test('a 10,000-deep chain builds without overflowing the stack', () => {
  const spans = Array.from({ length: 10_000 }, (_, i) =>
    makeSpan({ spanId: `s${i}`, parentSpanId: i ? `s${i - 1}` : null, startMs: i }),
  );
  const tree = buildSpanTree(spans);
  assert.equal(tree.rows.length, 10_000);
  assert.equal(tree.rows[9_999].depth, 9_999);
});

test('an empty trace yields no rows and zero duration', () => {
  const tree = buildSpanTree([]);
  assert.equal(tree.rows.length, 0);
  assert.equal(tree.durationMs, 0);
});
