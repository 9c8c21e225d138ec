import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INGEST_HEADROOM_BYTES, storeBudget } from '../../../viewer/server/store-budget.js';

const MB = 1024 * 1024;

test('the store gets the process budget minus the process at start and the ingest headroom', () => {
  const b = storeBudget(256 * MB, 60 * MB);
  assert.equal(b.storeBytes, 256 * MB - 60 * MB - INGEST_HEADROOM_BYTES);
  assert.equal(b.reservedBytes, 60 * MB + INGEST_HEADROOM_BYTES);
  assert.equal(b.warning, undefined);
  assert.equal(storeBudget(4096 * MB, 60 * MB).storeBytes, 4096 * MB - 60 * MB - INGEST_HEADROOM_BYTES);
});

test('a budget below what the process needs keeps a quarter for the store and says so', () => {
  const b = storeBudget(64 * MB, 60 * MB);
  assert.equal(b.storeBytes, 16 * MB);
  assert.match(b.warning!, /--max-memory 64 MB is less than the viewer needs for itself \(~132 MB\)/);
  assert.match(b.warning!, /the store gets 16 MB/);
});
