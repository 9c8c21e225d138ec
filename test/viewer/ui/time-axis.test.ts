import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisTicks, niceStep, placeBar } from '../../../viewer/ui/lib/time-axis.js';
import { compareNano, nanoDiffMs } from '../../../viewer/ui/lib/nano-time.js';
import { formatCost, formatDuration, formatTokens } from '../../../viewer/ui/lib/format.js';

test('nice steps are 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceStep(1000, 5), 200);
  assert.equal(niceStep(1, 5), 0.2);
  assert.equal(niceStep(7300, 6), 2000);
  assert.equal(niceStep(0, 6), 1);
});

test('ticks start at zero and never pass the end of the axis', () => {
  assert.deepEqual(axisTicks(1000, 5).map((t) => t.ms), [0, 200, 400, 600, 800, 1000]);
  const ticks = axisTicks(730, 6);
  assert.ok(ticks.at(-1)!.ms <= 730);
  assert.ok(ticks.every((t) => t.fraction >= 0 && t.fraction <= 1));
  assert.deepEqual(axisTicks(0), [{ ms: 0, fraction: 0 }]);
});

test('bars are placed in percent, clamped, with a minimum width', () => {
  assert.deepEqual(placeBar(250, 500, 1000), { leftPct: 25, widthPct: 25 });
  const zero = placeBar(1000, 1000, 1000);
  assert.ok(zero.widthPct > 0 && zero.leftPct + zero.widthPct <= 100);
  assert.deepEqual(placeBar(-5, 2000, 1000), { leftPct: 0, widthPct: 100 });
});

test('nano strings compare and subtract exactly', () => {
  assert.ok(compareNano('999', '1000') < 0);
  assert.ok(compareNano('1700000000000000002', '1700000000000000001') > 0);
  assert.equal(compareNano('0042', '42'), 0);
  assert.equal(nanoDiffMs('1700000000000000000', '1700000000000500000'), 0.5);
  // Across a change in the leading digits (the fast path does not apply) and backwards.
  assert.equal(nanoDiffMs('1700999999999999999', '1701000000000000001'), 0.000002);
  assert.equal(nanoDiffMs('1700000000002000000', '1700000000000500000'), -1.5);
  assert.equal(nanoDiffMs('5', '2000005'), 2);
});

test('formatting of durations, tokens and cost', () => {
  assert.equal(formatDuration(0.42), '420µs');
  assert.equal(formatDuration(12.34), '12.3ms');
  assert.equal(formatDuration(1534), '1.53s');
  assert.equal(formatDuration(125_000), '2m 5s');
  assert.equal(formatDuration(null), '–');
  assert.equal(formatTokens(15320), '15.3k');
  assert.equal(formatTokens(999), '999');
  assert.equal(formatCost(0.000123), '$0.000123');
  assert.equal(formatCost(1.5), '$1.50');
  assert.equal(formatCost(null), '–');
});
