import type { StoredSpan, TraceSummary } from '../../shared/api-types.js';
import { llmCallTotals } from '../../shared/llm-call-totals.js';
import { sessionIdOf, userIdOf } from '../../shared/trace-identity.js';
import { compareNano, nanoDiffMs } from './nano-time.js';

/**
 * Summarizes a trace's spans the way the server's `/api/traces` does: root span name (earliest span without a
 * present parent), service, start, duration, counts, tokens and distinct models. Used by the in-memory transport and
 * for fixtures; the app itself takes summaries from the server.
 *
 * @example
 * summarizeTrace(trace.spans).durationMs;
 */
export function summarizeTrace(spans: readonly StoredSpan[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  let root: StoredSpan | undefined;
  let start = '';
  let end = '';
  let errorCount = 0;
  const models = new Set<string>();
  for (const s of spans) {
    const isRoot = !s.parentSpanId || !ids.has(s.parentSpanId);
    if (isRoot && (!root || compareNano(s.startTimeUnixNano, root.startTimeUnixNano) < 0)) root = s;
    if (!start || compareNano(s.startTimeUnixNano, start) < 0) start = s.startTimeUnixNano;
    if (!end || compareNano(s.endTimeUnixNano, end) > 0) end = s.endTimeUnixNano;
    if (s.status.code === 2) errorCount++;
    if (s.genAi) {
      const model = s.genAi.responseModel ?? s.genAi.requestModel;
      if (model) models.add(model);
    }
  }
  const { llmCalls, inputTokens, outputTokens, costUsd } = llmCallTotals(spans); // each model call once, as the server counts
  const unpricedCalls = llmCalls && costUsd === null ? llmCalls : 0;
  const attributeOf = (keys: (a: StoredSpan['attributes']) => string | null) => {
    for (const s of spans) {
      const v = keys(s.attributes);
      if (v !== null) return v;
    }
    return null;
  };
  const service = root?.resource.attributes['service.name'];
  return {
    traceId: spans[0]?.traceId ?? '',
    name: root?.name ?? '',
    serviceName: typeof service === 'string' ? service : 'unknown_service',
    startTimeUnixNano: start || '0',
    durationMs: start && end ? Math.max(0, nanoDiffMs(start, end)) : 0,
    spanCount: spans.length,
    errorCount,
    llmCalls,
    inputTokens,
    outputTokens,
    costUsd,
    unpricedCalls,
    models: [...models].sort(),
    sessionId: attributeOf(sessionIdOf),
    userId: attributeOf(userIdOf),
    hasRoot: spans.some((s) => !s.parentSpanId),
  };
}
