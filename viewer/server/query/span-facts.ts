import type { StoredSpan } from '../../shared/api-types.js';
import { isModelCall } from '../../shared/llm-call-totals.js';
import { formatCount, formatMs, formatUsd, oneLine, spanMs } from './format-values.js';

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/**
 * The facts of a span on one line after its name: duration, what it is (LLM call with provider and model, tool,
 * agent, workflow ...), tokens, cost, finish reasons, time to first chunk, and ERROR when it failed.
 * @example spanFacts(span) // '820 ms · LLM openai gpt-4.1 · 512→64 tokens · $0.0012 · finish tool_calls'
 */
export function spanFacts(span: StoredSpan): string {
  const parts = [formatMs(spanMs(span))];
  const g = span.genAi;
  if (g && isModelCall(g)) {
    const model = g.responseModel ?? g.requestModel;
    parts.push(`LLM${g.provider ? ` ${oneLine(g.provider, 40)}` : ''}${g.operation && g.operation !== 'chat' ? ` ${oneLine(g.operation, 40)}` : ''}${model ? ` ${oneLine(model, 80)}` : ''}`);
    if (g.inputTokens != null || g.outputTokens != null) {
      parts.push(`${g.inputTokens == null ? '?' : formatCount(g.inputTokens)}→${g.outputTokens == null ? '?' : formatCount(g.outputTokens)} tokens`);
    }
    if (g.costUsd != null) parts.push(formatUsd(g.costUsd));
    if (g.finishReasons?.length) parts.push(`finish ${g.finishReasons.map((r) => oneLine(r, 40)).join(',')}`);
    if (g.timeToFirstChunkMs != null) parts.push(`first chunk ${formatMs(g.timeToFirstChunkMs)}`);
  } else if (g?.entity) {
    parts.push(`${oneLine(g.entity.kind, 40)}${g.entity.name ? ` ${oneLine(g.entity.name, 80)}` : ''}`);
  } else if (span.kind !== 1 && span.kind !== 0) parts.push(KIND[span.kind]);
  if (span.status.code === 2) parts.push('ERROR');
  return parts.join(' · ');
}
