import type { StoredSpan, TraceSummary } from './api-types.js';
import { llmCallTotals } from './llm-call-totals.js';
import { sessionIdOf, userIdOf } from './trace-identity.js';

/**
 * The one rule for a trace's summary (`GET /api/traces`, the live list, the MCP tools): the server keeps it up to
 * date span by span in its trace columns (`viewer/server/store/trace-aggregates.ts`), this computes it from a trace's
 * spans at once (the in-memory transport, fixtures), and a test checks on random traces that the two agree.
 *
 * - root: the earliest-starting span without a parent; until one has arrived, the earliest-starting span
 *   (`hasRoot` false: the trace is in flight); its name and its resource's `service.name` ('' when none);
 * - start: the earliest start, exactly; duration: latest end minus earliest start, in ms to the microsecond;
 * - models: distinct response (else request) models of the spans with a GenAI view, sorted;
 * - session and user: those named by the earliest-starting span that names one;
 * - model calls, tokens and cost: `llmCallTotals` (each call once, calls without a price counted apart).
 *
 * @example
 * summarizeTrace(trace.spans).durationMs;
 */
export function summarizeTrace(spans: readonly StoredSpan[]): TraceSummary {
  let root: StoredSpan | undefined;
  let first: StoredSpan | undefined;
  let start = '';
  let end = '';
  let errorCount = 0;
  const models = new Set<string>();
  let session: { id: string; at: bigint } | null = null;
  let user: { id: string; at: bigint } | null = null;
  for (const s of spans) {
    const at = BigInt(s.startTimeUnixNano);
    if (!s.parentSpanId && (!root || at < BigInt(root.startTimeUnixNano))) root = s;
    if (!first || at < BigInt(first.startTimeUnixNano)) first = s;
    if (!start || at < BigInt(start)) start = s.startTimeUnixNano;
    if (!end || BigInt(s.endTimeUnixNano) > BigInt(end)) end = s.endTimeUnixNano;
    if (s.status.code === 2) errorCount++;
    if (s.genAi) {
      const model = s.genAi.responseModel ?? s.genAi.requestModel;
      if (model) models.add(model);
    }
    const sid = sessionIdOf(s.attributes);
    if (sid !== null && (!session || at < session.at)) session = { id: sid, at };
    const uid = userIdOf(s.attributes);
    if (uid !== null && (!user || at < user.at)) user = { id: uid, at };
  }
  const shown = root ?? first;
  const { llmCalls, inputTokens, outputTokens, costUsd, unpricedCalls } = llmCallTotals(spans);
  const service = shown?.resource.attributes['service.name'];
  // Nanoseconds as doubles, as the server's columns keep them: both sides round the same way.
  const duration = start && end ? Number(end) - Number(start) : 0;
  return {
    traceId: spans[0]?.traceId ?? '',
    name: shown?.name ?? '',
    serviceName: typeof service === 'string' ? service : '',
    startTimeUnixNano: start || '0',
    durationMs: duration > 0 ? Math.round(duration / 1e3) / 1e3 : 0,
    spanCount: spans.length,
    errorCount,
    llmCalls,
    inputTokens,
    outputTokens,
    costUsd,
    unpricedCalls,
    models: [...models].sort(),
    sessionId: session?.id ?? null,
    userId: user?.id ?? null,
    hasRoot: !!root,
  };
}
