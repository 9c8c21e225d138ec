import type { GenAiView } from './api-types.js';

/** Operations that carry `gen_ai.*` attributes but are not a model call of their own. */
const NOT_MODEL_CALLS = new Set(['invoke_agent', 'create_agent', 'execute_tool']);

/** Totals of the model calls in a set of spans. */
export interface LlmCallTotals {
  llmCalls: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when no counted call had a known price. */
  costUsd: number | null;
}

/**
 * Counts each model call once. An SDK span that wraps our HTTP-level span (the AI SDK's `doGenerate`, the Anthropic
 * SDK's own `anthropic.messages.create`) is the same call seen twice, so an LLM span that is the parent of another
 * LLM span is skipped — the same rule the server's trace summaries use. Agent and tool spans are not model calls.
 *
 * @example
 * llmCallTotals(trace.spans).inputTokens;
 */
export function llmCallTotals(
  spans: ReadonlyArray<{ spanId: string; parentSpanId: string | null; genAi: GenAiView | null }>,
): LlmCallTotals {
  const isCall = (s: { genAi: GenAiView | null }) => !!s.genAi && !NOT_MODEL_CALLS.has(s.genAi.operation ?? '');
  const parentsOfCalls = new Set<string>();
  for (const s of spans) if (s.parentSpanId && isCall(s)) parentsOfCalls.add(s.parentSpanId);
  const totals: LlmCallTotals = { llmCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null };
  for (const s of spans) {
    if (!isCall(s) || parentsOfCalls.has(s.spanId)) continue;
    const ai = s.genAi!;
    totals.llmCalls++;
    totals.inputTokens += ai.inputTokens ?? 0;
    totals.outputTokens += ai.outputTokens ?? 0;
    if (ai.costUsd != null) totals.costUsd = (totals.costUsd ?? 0) + ai.costUsd;
  }
  return totals;
}
