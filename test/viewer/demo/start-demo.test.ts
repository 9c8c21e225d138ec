// `startDemo` in-process against a real viewer: every scenario arrives as its own named workflow trace with real
// model names, rounds repeat on the interval with different prompts, every span of a round carries the demo user's
// session, and close() stops the traffic, exports what was pending and stops the fake provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDemo } from '../../../viewer/demo/start-demo.js';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { HealthResponse } from '../../../viewer/shared/api-types.js';
import { getJson, waitFor } from '../../helpers/viewer-api.js';
import { findDemoProblems, readDemoTraces, type DemoTrace } from '../../helpers/demo-expectations.js';

/** The user prompt of a trace's first LLM call. */
const userPrompt = (trace: DemoTrace) => {
  const llm = trace.spans.find((s) => s.scope.name === 'tracelight' && s.genAi?.inputMessages);
  const user = llm?.genAi?.inputMessages?.find((m) => m.role === 'user');
  return JSON.stringify(user?.parts);
};

test('startDemo: a named workflow per scenario, real models, rotating prompts, until close()', async (t) => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  t.after(() => viewer.close());
  const lines: string[] = [];
  const demo = await startDemo({ otlpEndpoint: viewer.url, intervalMs: 50, log: (line) => lines.push(line) });
  t.after(() => demo.close());

  assert.match(lines.join('\n'), new RegExp(`Fake LLM provider: ${demo.providerUrl} `));
  assert.match(lines.join('\n'), /exporting to http:\/\/127\.0\.0\.1:\d+\/v1\/traces/);
  assert.match(lines.join('\n'), /plan-trip, index-docs, summarize-report/);

  // A full first round, and the second round started (its first workflow arrived).
  let problems = { missing: ['(no answer yet)'], badModels: [] as string[] };
  const traces = await waitFor(
    'every scenario, then a second round',
    async () => {
      const all = await readDemoTraces(viewer.url);
      problems = findDemoProblems(all);
      const questions = all.filter((trace) => trace.summary.name === 'answer-question.workflow');
      return problems.missing.length === 0 && questions.length >= 2 ? all : undefined;
    },
    40_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; missing: ${problems.missing.join(', ')}`);
  });
  await demo.close();
  await demo.close(); // a second close is harmless

  assert.deepEqual(problems.badModels, [], 'real model names only, echoed as sent');
  // Nothing failed unexpectedly (the 429s are expected and handled by falling back).
  assert.deepEqual(lines.filter((line) => /failed/.test(line)), []);
  // close() stopped the fake provider.
  await assert.rejects(fetch(`${demo.providerUrl}/v1/models`));

  // Consecutive rounds ask different questions (newest first in the list).
  const [second, first] = traces.filter((trace) => trace.summary.name === 'answer-question.workflow').slice(-2);
  assert.ok(userPrompt(first) && userPrompt(second));
  assert.notEqual(userPrompt(first), userPrompt(second));

  const ours = traces.flatMap((trace) => trace.spans).filter((span) => span.scope.name === 'tracelight');
  assert.ok(ours.length > 0);
  for (const span of ours) {
    assert.match(String(span.attributes['user.id']), /^demo-user-\d$/, span.name);
    assert.match(String(span.attributes['session.id']), /^demo-session-\d+$/, span.name);
    assert.equal(span.resource.attributes['service.name'], 'tracelight-demo');
  }
  // After close(), the span count stays put: a few intervals later, still the same.
  const { spans: count } = await getJson<HealthResponse>(viewer.url, '/api/health');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await getJson<HealthResponse>(viewer.url, '/api/health')).spans, count);
});
