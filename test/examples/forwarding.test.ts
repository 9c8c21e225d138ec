// The forwarding example: a viewer fanning out to a stand-in collector that goes down and comes back, and to an
// archive that stays up. Checked through every receiver's JSON API: everything stays local, the outage shows in
// /api/health for the collector alone, the archive is not held back, nothing is lost upstream, and prompts stay
// local for the collector (TRACELIGHT_FORWARD_CONTENT=false) but reach the archive (..._CONTENT_ARCHIVE=true).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../examples/forwarding/run.js';
import type { StoredSpan } from '../../viewer/shared/api-types.js';
import { listAllSpans } from '../helpers/viewer-api.js';

const names = (spans: StoredSpan[]) => spans.map((s) => s.name).sort();

test('forwarding: local view complete, outage visible per target, the archive not held back, queued spans delivered after recovery', async (t) => {
  const result = await run({ env: {} });
  t.after(() => result.close());
  assert.equal(result.upstream, 'local collector');
  assert.deepEqual(result.steps.map((s) => s.name), ['forwarding', 'upstream down', 'upstream back']);
  const [up, down, back] = result.steps;

  const target = (step: typeof up, name: string) => step.health.forwarding.targets.find((x) => x.name === name)!;

  // Upstream up: the collector and the archive received the first trace.
  assert.equal(up.health.forwarding.lastError, null);
  assert.equal(target(up, 'collector').sent, 2);
  assert.equal(target(up, 'archive').sent, 2);
  assert.equal(up.health.forwarding.sent, 4, 'the combined summary sums the targets');
  assert.deepEqual(names(up.collectorSpans ?? []), ['chat gpt-4o-mini', 'upstream-up.workflow']);

  // Upstream down: the viewer says so for the collector alone, keeps its batch queued; the archive got the new
  // trace anyway; the local view has everything.
  assert.equal(down.collectorSpans, null);
  const collectorDown = target(down, 'collector');
  assert.equal(collectorDown.state, 'retrying');
  assert.ok(collectorDown.queued > 0);
  assert.match(collectorDown.lastError ?? '', /\S/);
  assert.match(down.health.forwarding.lastError ?? '', /^collector: /);
  assert.equal(collectorDown.dropped, 0);
  assert.ok(collectorDown.target?.startsWith('http://127.0.0.1:'));
  assert.equal(target(down, 'archive').sent, 4);
  assert.equal(target(down, 'archive').lastError, null);
  assert.equal(down.archiveSpans.length, 4);
  assert.equal(down.localTraces, 2);

  // Upstream back: the queued spans reach the new collector; nothing failed or dropped anywhere.
  for (const name of ['collector', 'archive']) {
    const t = target(back, name);
    assert.deepEqual([t.sent, t.queued, t.failed, t.dropped, t.lastError], [4, 0, 0, 0, null], name);
  }
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

  // The archive keeps the prompts (content on for it alone) and has every span once.
  const archived = await listAllSpans(result.archiveUrl);
  assert.deepEqual(names(archived), names(local));
  const archivedChat = archived.find((s) => s.spanId === localChat.spanId)!;
  assert.equal(archivedChat.attributes['gen_ai.input.messages'], localChat.attributes['gen_ai.input.messages']);
});
