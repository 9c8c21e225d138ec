// The genAi view of what real packages send (test/fixtures/spans, captured from each package against the fake
// provider): every dialect gap, one fixture each. The same expectations run against the live packages in
// test/senders/*.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeGenAi } from '../../../viewer/shared/normalize-gen-ai.js';
import { SPAN_FIXTURES, fixtureSpans } from '../../helpers/span-fixtures.js';
import { VIEW_EXPECTATIONS } from '../../helpers/senders/view-expectations.js';

test('every fixture has its expectations, and every expectation its fixture', () => {
  assert.deepEqual(Object.keys(VIEW_EXPECTATIONS).sort(), [...SPAN_FIXTURES]);
});

for (const [name, expect] of Object.entries(VIEW_EXPECTATIONS)) {
  test(`${name}: the normalized views`, () => {
    expect(fixtureSpans(name).map((s) => ({ ...s, genAi: normalizeGenAi(s) })));
  });
}
