import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPartialArgs } from '../../../lib/providers/gemini/apply-partial-args.js';

test('strings are appended piece by piece; numbers, booleans and nulls are set', () => {
  const args: Record<string, unknown> = {};
  applyPartialArgs(args, [{ jsonPath: '$.location', stringValue: 'Par', willContinue: true }]);
  applyPartialArgs(args, [{ jsonPath: '$.location', stringValue: 'is' }, { jsonPath: '$.days', numberValue: 3 }]);
  applyPartialArgs(args, [{ jsonPath: '$.location', stringValue: '' }, { jsonPath: '$.metric', boolValue: false }, { jsonPath: '$.note', nullValue: 'NULL_VALUE' }]);
  assert.deepEqual(args, { location: 'Paris', days: 3, metric: false, note: null });
});

test('nested objects, arrays by index and quoted names are built from the paths', () => {
  const args: Record<string, unknown> = {};
  applyPartialArgs(args, [
    { jsonPath: '$.recipe.items[0].name', stringValue: 'Lasagna ' },
    { jsonPath: '$.recipe.items[0].name', stringValue: 'noodles' },
    { jsonPath: '$.recipe.items[0].amount', numberValue: 16 },
    { jsonPath: '$.recipe.items[1].name', stringValue: 'Beef' },
    { jsonPath: "$['two words']", stringValue: 'x' },
    { jsonPath: '$["say \\"hi\\""][0]', boolValue: true },
  ]);
  assert.deepEqual(args, {
    recipe: { items: [{ name: 'Lasagna noodles', amount: 16 }, { name: 'Beef' }] },
    'two words': 'x',
    'say "hi"': [true],
  });
});

test('untrusted paths: unreadable, prototype keys, far indexes and type clashes are skipped', () => {
  const args: Record<string, unknown> = { list: [1], name: 'a' };
  applyPartialArgs(args, [
    { jsonPath: '$.__proto__.polluted', stringValue: 'yes' },
    { jsonPath: '$.constructor.prototype.polluted', stringValue: 'yes' },
    { jsonPath: '$.list[1000000000]', numberValue: 1 },
    { jsonPath: '$.list.length', numberValue: 0 },
    { jsonPath: 'location', stringValue: 'no $' },
    { jsonPath: '$..deep', stringValue: 'descendant' },
    { jsonPath: '$[*]', stringValue: 'wildcard' },
    { jsonPath: '$', stringValue: 'root' },
    { jsonPath: '$.x' },
    null,
    'junk',
  ]);
  applyPartialArgs(args, 'not a list');
  assert.deepEqual(args, { list: [1], name: 'a' });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  applyPartialArgs(args, [{ jsonPath: '$.list[1]', numberValue: 2 }, { jsonPath: '$.name.first', stringValue: 'b' }]);
  assert.deepEqual(args, { list: [1, 2], name: { first: 'b' } });
});
