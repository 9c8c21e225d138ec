import type { StoredSpan } from '../../shared/api-types.js';
import { formatCost, formatDateTime, formatDuration, formatTokens } from '../lib/format.js';
import { nanoDiffMs, nanoToMs } from '../lib/nano-time.js';
import { isEntityOnly } from './entity-content.js';
import { TokenDetailFacts } from './token-detail-facts.js';

const STATUS = ['unset', 'ok', 'error'];

/**
 * The fact tiles of a span: latency, start (offset in the trace, the date and time on hover), status, and for LLM
 * calls model, provider, operation, tokens, cost, first chunk, finish reasons and output speed.
 *
 * @example
 * <SpanFacts span={span} traceStartNano={tree.startNano} />
 */
export function SpanFacts({ span, traceStartNano }: { span: StoredSpan; traceStartNano: string }) {
  const ai = span.genAi;
  const duration = nanoDiffMs(span.startTimeUnixNano, span.endTimeUnixNano);
  const offset = nanoDiffMs(traceStartNano, span.startTimeUnixNano);
  return (
    <div class="facts">
      <Fact label="Latency" value={formatDuration(duration)} testId="fact-latency" />
      <Fact label="Starts at" value={`+${formatDuration(offset)}`} title={formatDateTime(nanoToMs(span.startTimeUnixNano))} />
      <Fact label="Status" value={String(STATUS[span.status.code] ?? span.status.code)} error={span.status.code === 2} />
      {ai && !isEntityOnly(ai) ? (
        <>
          <Fact label="Model" value={modelLabel(ai.requestModel, ai.responseModel)} testId="fact-model" />
          <Fact label="Provider" value={ai.provider ?? '–'} />
          <Fact label="Operation" value={ai.operation ?? '–'} />
          <Fact label="Input tokens" value={formatNumber(ai.inputTokens)} testId="fact-input-tokens" />
          <Fact label="Output tokens" value={formatNumber(ai.outputTokens)} testId="fact-output-tokens" />
          <TokenDetailFacts ai={ai} />
          <Fact label="Cost (est.)" value={formatCost(ai.costUsd)} />
          <Fact label="First chunk" value={formatDuration(ai.timeToFirstChunkMs)} testId="fact-ttfc" />
          <Fact label="Finish" value={ai.finishReasons?.join(', ') || '–'} />
          <Fact label="Tokens/s" value={tokensPerSecond(ai.outputTokens, duration, ai.timeToFirstChunkMs)} />
        </>
      ) : null}
    </div>
  );
}

function Fact(props: { label: string; value: string; title?: string; error?: boolean; testId?: string }) {
  return (
    <div class="fact" title={props.title ?? props.value}>
      <div class="fact-label">{props.label}</div>
      <div class={`fact-value${props.error ? ' error' : ''}`} data-testid={props.testId}>
        {props.value}
      </div>
    </div>
  );
}

/**
 * "responded (asked requested)" when the provider answered with another model than the one asked for.
 *
 * @example
 * modelLabel('gpt-4o', 'gpt-4o-2024-08-06'); // 'gpt-4o-2024-08-06 (asked gpt-4o)'
 */
export function modelLabel(requested: string | null, responded: string | null): string {
  if (requested && responded && requested !== responded) return `${responded} (asked ${requested})`;
  return responded ?? requested ?? '–';
}

function formatNumber(n: number | null): string {
  return n == null ? '–' : n.toLocaleString();
}

/**
 * Output speed after the first chunk when streamed (what a user perceives), else over the whole call.
 *
 * @example
 * tokensPerSecond(100, 2000, 1000); // '100/s'
 */
export function tokensPerSecond(tokens: number | null, durationMs: number, ttfcMs: number | null): string {
  if (!tokens) return '–';
  const ms = ttfcMs != null && durationMs > ttfcMs ? durationMs - ttfcMs : durationMs;
  return ms > 0 ? `${formatTokens(Math.round((tokens / ms) * 1000))}/s` : '–';
}
