import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from '../../../viewer/ui/lib/format.js';
import { otlpTraceIds } from '../../../viewer/ui/lib/otlp-trace-ids.js';

test('trace ids are read from an OTLP JSON document in order, lower-cased, without duplicates or junk', () => {
  const a = 'AB'.repeat(16);
  const b = 'cd'.repeat(16);
  const doc = {
    resourceSpans: [
      { scopeSpans: [{ spans: [{ traceId: a }, { traceId: b }, { traceId: a }, { traceId: 'short' }, {}] }] },
      { scopeSpans: 'nope' },
      null,
    ],
  };
  assert.deepEqual(otlpTraceIds(doc), [a.toLowerCase(), b]);
  assert.deepEqual(otlpTraceIds(null), []);
  assert.deepEqual(otlpTraceIds({ resourceSpans: 5 }), []);
});

test('byte counts use binary units', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(256 * 1024 * 1024), '256 MiB');
  assert.equal(formatBytes(undefined), '–');
});
