// The forwarding example: a viewer forwarding to a stand-in collector that goes down and comes back. Checked
// through both receivers' JSON APIs: everything stays local, the outage shows in /api/health, nothing is lost
// upstream, and prompts stay local (TRACELIGHT_FORWARD_CONTENT=false).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../examples/forwarding/run';
import type { StoredSpan } from '../../viewer/shared/api-types';
import { listAllSpans } from './viewer-api';

const names = (spans: StoredSpan[]) => spans.map((s) => s.name).sort();

test('forwarding: local view complete, outage visible in health, queued spans delivered after recovery', async (t) => {
  const result = await run({ env: {} });
  t.after(() => result.close());
  assert.equal(result.upstream, 'local collector');
  assert.deepEqual(result.steps.map((s) => s.name), ['forwarding', 'upstream down', 'upstream back']);
  const [up, down, back] = result.steps;

  // Upstream up: the collector received the first trace.
  assert.equal(up.health.forwarding.lastError, null);
  assert.equal(up.health.forwarding.sent, 2);
  assert.deepEqual(names(up.collectorSpans ?? []), ['chat gpt-4o-mini', 'upstream-up.workflow']);

  // Upstream down: the viewer says so, keeps the batch queued, and the local view has everything.
  assert.equal(down.collectorSpans, null);
  assert.ok(down.health.forwarding.queued > 0);
  assert.match(down.health.forwarding.lastError ?? '', /\S/);
  assert.equal(down.health.forwarding.dropped, 0);
  assert.equal(down.localTraces, 2);
  assert.ok(down.health.forwarding.target?.startsWith('http://127.0.0.1:'));

  // Upstream back: the queued spans reach the new collector; nothing failed or dropped.
  assert.equal(back.health.forwarding.queued, 0);
  assert.equal(back.health.forwarding.sent, 4);
  assert.equal(back.health.forwarding.failed, 0);
  assert.equal(back.health.forwarding.dropped, 0);
  assert.equal(back.health.forwarding.lastError, null);

  const local = await listAllSpans(result.viewerUrl);
  assert.deepEqual(names(local), ['chat gpt-4o-mini', 'chat gpt-4o-mini', 'upstream-down.workflow', 'upstream-up.workflow']);
  const upstream = await listAllSpans(result.collectorUrl!);
  assert.deepEqual(names(upstream), ['chat gpt-4o-mini', 'upstream-down.workflow']);

  // Same spans upstream (ids, tokens), but the prompts and completions stayed local.
  const localChat = local.find((s) => s.name === 'chat gpt-4o-mini' && upstream.some((u) => u.spanId === s.spanId));
  const upstreamChat = upstream.find((s) => s.name === 'chat gpt-4o-mini')!;
  assert.ok(localChat, 'the forwarded chat span is the local one');
  assert.equal(upstreamChat.traceId, localChat.traceId);
  assert.equal(upstreamChat.attributes['gen_ai.usage.input_tokens'], localChat.attributes['gen_ai.usage.input_tokens']);
  assert.equal(typeof localChat.attributes['gen_ai.input.messages'], 'string');
  assert.equal(typeof localChat.attributes['gen_ai.output.messages'], 'string');
  assert.equal(upstreamChat.attributes['gen_ai.input.messages'], undefined);
  assert.equal(upstreamChat.attributes['gen_ai.output.messages'], undefined);
});
