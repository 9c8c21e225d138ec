// `startDemo` in-process against a real viewer: rounds repeat on the interval, every span of a round carries the
// demo user's session, and close() stops the traffic, exports what was pending and stops the fake provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startDemo } from '../../viewer/demo/start-demo';
import { createViewerServer } from '../../viewer/server/create-viewer-server';
import type { HealthResponse, TracesResponse } from '../../viewer/shared/api-types';
import { getJson, listAllSpans, waitFor } from '../examples/viewer-api';

test('startDemo repeats rounds until close(), then stops traffic and the fake provider', async (t) => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  t.after(() => viewer.close());
  const lines: string[] = [];
  const demo = await startDemo({ otlpEndpoint: viewer.url, intervalMs: 50, log: (line) => lines.push(line) });
  t.after(() => demo.close());

  assert.match(lines.join('\n'), new RegExp(`Fake LLM provider: ${demo.providerUrl} `));
  assert.match(lines.join('\n'), /exporting to http:\/\/127\.0\.0\.1:\d+\/v1\/traces/);

  // Two rounds: two travel-agent workflows (one per round).
  await waitFor('two demo rounds', async () => {
    const { traces } = await getJson<TracesResponse>(viewer.url, '/api/traces');
    return traces.filter((trace) => trace.name === 'plan-trip.workflow').length >= 2 ? true : undefined;
  });
  await demo.close();
  await demo.close(); // a second close is harmless

  // Nothing failed unexpectedly (the 429s are expected and handled).
  assert.deepEqual(lines.filter((line) => /failed/.test(line)), []);
  // close() stopped the fake provider.
  await assert.rejects(fetch(`${demo.providerUrl}/v1/models`));

  const spans = await listAllSpans(viewer.url);
  const ours = spans.filter((span) => span.scope.name === 'tracelight');
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
