import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TraceSummary } from '../../../viewer/shared/api-types.js';
import { emptyTraceFilter, isEmptyTraceFilter, traceMatcher } from '../../../viewer/ui/lib/trace-filter.js';
import { createTraceIndex } from '../../../viewer/ui/lib/trace-index.js';

const summary = (p: Partial<TraceSummary> & { traceId: string }): TraceSummary => ({
  name: 'root',
  serviceName: 'svc',
  startTimeUnixNano: '1700000000000000000',
  durationMs: 1,
  spanCount: 1,
  errorCount: 0,
  llmCalls: 0,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: null,
  unpricedCalls: 0,
  sessionId: null,
  userId: null,
  hasRoot: true,
  models: [],
  ...p,
});

test('filters by free text (every word), model, service and errors', () => {
  const traces = [
    summary({ traceId: 'aa', name: 'chat gpt-4o', models: ['gpt-4o'], serviceName: 'api' }),
    summary({ traceId: 'bb', name: 'summarize', models: ['claude-sonnet-4'], serviceName: 'worker', errorCount: 2 }),
    summary({ traceId: 'cc', name: 'health check', serviceName: 'api' }),
  ];
  const run = (p: Partial<ReturnType<typeof emptyTraceFilter>>) =>
    traces.filter(traceMatcher({ ...emptyTraceFilter(), ...p })).map((t) => t.traceId);
  assert.deepEqual(run({}), ['aa', 'bb', 'cc']);
  assert.deepEqual(run({ text: 'CLAUDE' }), ['bb']);
  assert.deepEqual(run({ text: 'api check' }), ['cc']);
  assert.deepEqual(run({ text: 'bb' }), ['bb']);
  assert.deepEqual(run({ model: 'gpt-4o' }), ['aa']);
  assert.deepEqual(run({ service: 'api' }), ['aa', 'cc']);
  assert.deepEqual(run({ errorsOnly: true }), ['bb']);
  assert.deepEqual(run({ service: 'api', errorsOnly: true }), []);
  assert.equal(isEmptyTraceFilter(emptyTraceFilter()), true);
  assert.equal(isEmptyTraceFilter({ ...emptyTraceFilter(), text: '  ' }), true);
});

test('the trace index keeps newest first through inserts, moves and removals', () => {
  const index = createTraceIndex();
  const at = (id: string, n: number) => summary({ traceId: id, startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n) });
  for (const [id, n] of [['a', 5], ['b', 1], ['c', 9], ['d', 5]] as const) index.upsert(at(id, n));
  assert.deepEqual(index.items.map((t) => t.traceId), ['c', 'a', 'd', 'b']);
  index.upsert(at('b', 20)); // a late root span moves a trace
  assert.deepEqual(index.items.map((t) => t.traceId), ['b', 'c', 'a', 'd']);
  index.upsert({ ...at('a', 5), name: 'renamed' });
  assert.equal(index.items[2].name, 'renamed');
  index.remove('c');
  assert.deepEqual(index.items.map((t) => t.traceId), ['b', 'a', 'd']);
  assert.equal(index.indexOf('d'), 2);
  assert.equal(index.indexOf('zz'), -1);
  index.reset([at('x', 1), at('y', 3), at('x', 1)]);
  assert.deepEqual(index.items.map((t) => t.traceId), ['y', 'x']);
});
