import type { TraceSummary, TraceTotals } from '../../shared/api-types.js';
import { formatCount, formatMs, formatTime, formatUsd, oneLine } from './format-values.js';

/** Tokens as `in→out`. */
const tokens = (input: number, output: number) => `${formatCount(input)}→${formatCount(output)} tokens`;

/** Cost with the calls it leaves out (never silent about unpriced calls). */
export function costText(costUsd: number | null, llmCalls: number, unpricedCalls: number): string {
  if (!llmCalls) return '';
  if (costUsd === null) return `cost unknown (${formatCount(unpricedCalls)} unpriced calls)`;
  return unpricedCalls ? `${formatUsd(costUsd)} (+${formatCount(unpricedCalls)} unpriced calls)` : formatUsd(costUsd);
}

/**
 * One trace on one line: id, start, name, service, duration, LLM calls and models, tokens, cost, errors; the
 * session, and whether the root span has not arrived yet. The line `list_traces`, `tracelight traces` and
 * `tracelight tail` print.
 * @example traceLine(summary) // '0af7…319c  2024-12-04T18:25:18.120Z  plan-trip.workflow · support-bot · 3.21 s · ...'
 */
export function traceLine(t: TraceSummary): string {
  const parts = [oneLine(t.name || '(unnamed)'), oneLine(t.serviceName || '(no service)'), formatMs(t.durationMs), `${formatCount(t.spanCount)} spans`];
  if (t.llmCalls) {
    const models = t.models.length ? ` (${t.models.slice(0, 3).map((m) => oneLine(m, 60)).join(', ')}${t.models.length > 3 ? `, +${t.models.length - 3}` : ''})` : '';
    parts.push(`${formatCount(t.llmCalls)} LLM call${t.llmCalls === 1 ? '' : 's'}${models}`, tokens(t.inputTokens, t.outputTokens), costText(t.costUsd, t.llmCalls, t.unpricedCalls));
  }
  parts.push(t.errorCount ? `ERROR (${formatCount(t.errorCount)} error span${t.errorCount === 1 ? '' : 's'})` : 'ok');
  if (t.sessionId) parts.push(`session ${oneLine(t.sessionId, 80)}`);
  if (t.userId) parts.push(`user ${oneLine(t.userId, 80)}`);
  if (!t.hasRoot) parts.push('in flight (root span not received yet)');
  return `${t.traceId}  ${formatTime(t.startTimeUnixNano)}  ${parts.join(' · ')}`;
}

/**
 * Totals of a set of traces in words.
 * @example totalsText(totals) // '12 LLM calls · 1,024→230 tokens · $0.0012 · 3 error spans'
 */
export function totalsText(t: TraceTotals): string {
  const parts = [`${formatCount(t.spans)} spans`, `${formatCount(t.llmCalls)} LLM calls`, tokens(t.inputTokens, t.outputTokens)];
  const cost = costText(t.costUsd, t.llmCalls, t.unpricedCalls);
  if (cost) parts.push(cost);
  parts.push(`${formatCount(t.errors)} error spans`);
  return parts.join(' · ');
}
