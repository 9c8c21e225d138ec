// One summary rule: the server's trace columns (kept span by span, in whatever order spans arrive) and
// `summarizeTrace` (computed from a trace's spans at once, as the UI's in-memory transport does) agree on random
// traces: root and in-flight, service, times, counts, models, session and user, model calls, tokens and cost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSpanStore } from '../../../viewer/server/span-store.js';
import type { Attributes, StoredSpan } from '../../../viewer/shared/api-types.js';
import { summarizeTrace } from '../../../viewer/shared/summarize-trace.js';
import { seededRandom } from '../../helpers/seeded-random.js';

const hex = (rnd: () => number, bytes: number) => Array.from({ length: bytes * 2 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');

function randomTrace(rnd: () => number, traceId: string): StoredSpan[] {
  const count = 1 + Math.floor(rnd() * 12);
  const ids = Array.from({ length: count }, () => hex(rnd, 8));
  const base = 1_700_000_000_000_000_000n + BigInt(Math.floor(rnd() * 1e9)) * 1000n;
  return ids.map((spanId, i) => {
    // A parent among the earlier spans, none (a root; sometimes several, sometimes none at all), or a missing one.
    const r = rnd();
    const parentSpanId = i === 0 && rnd() < 0.7 ? null : r < 0.7 && i > 0 ? ids[Math.floor(rnd() * i)] : r < 0.8 ? null : hex(rnd, 8);
    const start = base + BigInt(Math.floor(rnd() * 1e6)) * 1000n + BigInt(i);
    const attributes: Attributes = {};
    const kind = rnd();
    if (kind < 0.5) {
      attributes['gen_ai.operation.name'] = rnd() < 0.85 ? 'chat' : 'execute_tool';
      attributes['gen_ai.provider.name'] = 'openai';
      attributes['gen_ai.request.model'] = ['gpt-4o', 'gpt-4o-mini', 'my-own-model', 'claude-haiku-4-5'][Math.floor(rnd() * 4)];
      if (rnd() < 0.5) attributes['gen_ai.response.model'] = `${attributes['gen_ai.request.model']}-2024`;
      attributes['gen_ai.usage.input_tokens'] = Math.floor(rnd() * 5000);
      attributes['gen_ai.usage.output_tokens'] = Math.floor(rnd() * 900);
      if (rnd() < 0.3) attributes['gen_ai.usage.cache_read.input_tokens'] = Math.floor(rnd() * 100);
    }
    if (rnd() < 0.3) attributes['session.id'] = `s${Math.floor(rnd() * 3)}`;
    if (rnd() < 0.2) attributes['gen_ai.conversation.id'] = `c${Math.floor(rnd() * 3)}`;
    if (rnd() < 0.3) attributes['user.id'] = `u${Math.floor(rnd() * 3)}`;
    return {
      traceId,
      spanId,
      parentSpanId,
      name: `op ${Math.floor(rnd() * 5)}`,
      kind: 1,
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + BigInt(Math.floor(rnd() * 5e8))).toString(),
      status: { code: rnd() < 0.15 ? 2 : 0 },
      attributes,
      events: [],
      resource: { attributes: (rnd() < 0.9 ? { 'service.name': `svc-${Math.floor(rnd() * 3)}` } : {}) as Attributes },
      scope: { name: 'random' },
      genAi: null,
    };
  });
}

test('the server and summarizeTrace agree on 400 random traces, whatever order their spans arrive in', () => {
  const rnd = seededRandom(23);
  const store = createSpanStore({ maxBytes: 64 * 1024 * 1024 });
  const traces = Array.from({ length: 400 }, () => randomTrace(rnd, hex(rnd, 16)));
  // Spans of all traces, shuffled, in batches of random size: children often before their parents.
  const all = traces.flat();
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  for (let i = 0; i < all.length; ) {
    const n = 1 + Math.floor(rnd() * 30);
    store.add(all.slice(i, i + n));
    i += n;
  }
  let inFlight = 0;
  let withSession = 0;
  for (const spans of traces) {
    const traceId = spans[0].traceId;
    const server = store.getSummary(traceId)!;
    const shared = summarizeTrace(store.getTrace(traceId)!);
    assert.deepEqual(server, shared, `trace ${traceId}`);
    if (!server.hasRoot) inFlight++;
    if (server.sessionId) withSession++;
  }
  assert.ok(inFlight > 10 && withSession > 50, `the rules' corners were exercised (${inFlight} in flight, ${withSession} with a session)`);
});
