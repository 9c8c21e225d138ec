import type { GenAiView } from './api-types.js';
import { isModelCallSummary, type GenAiSummary } from './gen-ai-summary.js';

/**
 * Whether a span's `genAi` view is a model call: agent, tool and workflow spans carry `gen_ai.*` too, but are not
 * (the rule is `isModelCallSummary`, which the server applies to the summaries it keeps).
 * @example isModelCall(span.genAi);
 */
export function isModelCall(genAi: Pick<GenAiSummary, 'operation' | 'requestModel' | 'responseModel' | 'entityKind'> | null | undefined): boolean {
  return isModelCallSummary(genAi);
}

/**
 * The model calls that have another model call among their descendants, at any depth: the AI SDK's `generateText`
 * over `doGenerate` over our HTTP-level span, or an SDK's own span over ours with a retry or step span in between,
 * are one call seen several times, and only the innermost counts. This is the one rule of the UI's totals and the
 * server's trace summaries. Each ancestor is visited once, so the cost is the calls plus the ancestors they share.
 *
 * @example
 * const wrappers = wrappingCalls(calls, (id) => parentById.get(id));
 * const counted = calls.filter((c) => !wrappers.has(c.spanId));
 */
export function wrappingCalls(
  calls: ReadonlyArray<{ spanId: string; parentSpanId: string | null }>,
  parentOf: (spanId: string) => string | null | undefined,
): Set<string> {
  const wrappers = new Set<string>();
  if (calls.length < 2) return wrappers;
  const isCall = new Set(calls.map((c) => c.spanId));
  const visited = new Set<string>();
  for (const call of calls) {
    // An ancestor seen before had its own ancestors walked then (this also ends cycles in malformed data).
    for (let id = call.parentSpanId; id && !visited.has(id); id = parentOf(id) ?? null) {
      visited.add(id);
      if (isCall.has(id)) wrappers.add(id);
    }
  }
  return wrappers;
}

/** Totals of the model calls in a set of spans. */
export interface LlmCallTotals {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when no counted call had a known price. */
  costUsd: number | null;
  /** Counted calls whose model has no known price (left out of `costUsd`). */
  unpricedCalls: number;
}

/**
 * Counts each model call once: a call with a model call below it (see {@link wrappingCalls}) is skipped, agent and
 * tool spans are not model calls.
 *
 * @example
 * llmCallTotals(trace.spans).inputTokens;
 */
export function llmCallTotals(
  spans: ReadonlyArray<{ spanId: string; parentSpanId: string | null; genAi: GenAiView | null }>,
): LlmCallTotals {
  const calls = spans.filter((s) => isModelCall(s.genAi));
  const parents = new Map<string, string | null>();
  if (calls.length > 1) for (const s of spans) parents.set(s.spanId, s.parentSpanId);
  const wrappers = wrappingCalls(calls, (id) => parents.get(id));
  const totals: LlmCallTotals = { llmCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, unpricedCalls: 0 };
  // Summed in span id order (the server's trace columns do the same): floating-point sums then match to the bit.
  const counted = calls.filter((s) => !wrappers.has(s.spanId)).sort((a, b) => (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
  for (const s of counted) {
    const ai = s.genAi!;
    totals.llmCalls++;
    totals.inputTokens += ai.inputTokens ?? 0;
    totals.outputTokens += ai.outputTokens ?? 0;
    if (ai.costUsd != null) totals.costUsd = (totals.costUsd ?? 0) + ai.costUsd;
    else totals.unpricedCalls++;
  }
  if (totals.costUsd !== null) totals.costUsd = Math.round(totals.costUsd * 1e9) / 1e9;
  return totals;
}
