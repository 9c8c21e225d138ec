import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSpanRing } from '../../../../viewer/server/store/span-ring.js';

test('spans keep their trace, offset and same-trace links while the window moves across chunks', () => {
  const ring = createSpanRing(8);
  const last = new Map<number, number>();
  const pushed: Array<[number, number, number]> = [];
  for (let i = 0; i < 200; i++) {
    const trace = i % 3;
    const n = ring.push(trace, i * 10, last.get(trace) ?? -1);
    assert.equal(n, i);
    last.set(trace, n);
    pushed.push([n, trace, i * 10]);
    if (i % 16 === 15) ring.low = i - 20; // keep about 20 numbers
  }
  for (const [n, trace, offset] of pushed.filter(([n]) => n >= ring.low)) {
    assert.equal(ring.trace(n), trace);
    assert.equal(ring.offset(n), offset);
    assert.equal(ring.after(n), n + 3 < ring.next ? n + 3 : -1);
  }
  assert.ok(ring.bytes() <= 5 * 8 * 12, `chunks below the window are reused, not kept (${ring.bytes()} bytes)`);
});
