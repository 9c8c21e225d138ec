import type { ComponentChildren } from 'preact';
import type { Attributes, StoredSpan } from '../../shared/api-types.js';
import { formatClock, formatCost, formatDuration, formatTokens } from '../lib/format.js';
import { nanoDiffMs, nanoToMs } from '../lib/nano-time.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { ChatView } from './chat-view.js';
import { KeyValueTable } from './key-value-table.js';
import { EntityContent, isEntityOnly, showsConversation } from './entity-content.js';
import { GenAiNotes, TokenDetailFacts } from './token-detail-facts.js';

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS = ['unset', 'ok', 'error'];

/**
 * Details of the selected span: timing and gen_ai facts (model, tokens, cost, latency, time to first chunk, finish
 * reasons), request parameters, the conversation as chat, events, and every raw attribute and resource attribute.
 *
 * @example
 * {model.selectedSpan.value && <SpanPanel model={model} span={model.selectedSpan.value} />}
 */
export function SpanPanel({ model, span }: { model: ViewerModel; span: StoredSpan }) {
  const ai = span.genAi;
  const duration = nanoDiffMs(span.startTimeUnixNano, span.endTimeUnixNano);
  const traceStart = model.detail.tree.value.startNano;
  const offset = nanoDiffMs(traceStart, span.startTimeUnixNano);
  const params = requestParameters(span.attributes);
  const isError = span.status.code === 2;

  return (
    <aside class="panel" aria-label="Span details" data-testid="span-panel">
      <div class="panel-head">
        <div style={{ flex: 1, minWidth: 0 }}>
          <div class="panel-title">{span.name}</div>
          <div class="panel-sub mono">
            {KIND[span.kind] ?? span.kind} · {span.spanId}
            {span.parentSpanId ? ` ← ${span.parentSpanId}` : ''}
          </div>
        </div>
        <button type="button" class="btn btn-icon" aria-label="Close span details" title="Close (Esc)" onClick={() => model.selectSpan(null)}>
          ✕
        </button>
      </div>
      <div class="panel-body">
        <div class="section">
          <div class="facts">
            <Fact label="Latency" value={formatDuration(duration)} testId="fact-latency" />
            <Fact label="Starts at" value={`+${formatDuration(offset)}`} title={formatClock(nanoToMs(span.startTimeUnixNano))} />
            <Fact
              label="Status"
              value={`${STATUS[span.status.code] ?? span.status.code}${span.status.message ? `: ${span.status.message}` : ''}`}
              error={isError}
            />
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
          {ai?.notes?.length ? <GenAiNotes notes={ai.notes} /> : null}
        </div>

        {ai ? (
          <>
            {Object.keys(params).length ? (
              <Section title="Request parameters">
                <KeyValueTable attributes={params} testId="params" />
              </Section>
            ) : null}
            {ai.entity ? <EntityContent entity={ai.entity} /> : null}
            {showsConversation(ai) ? (
              <Section title="Conversation">
                <ChatView system={ai.systemInstructions} input={ai.inputMessages} output={ai.outputMessages} />
              </Section>
            ) : null}
          </>
        ) : null}

        {span.events.length ? (
          <Section title="Events" count={span.events.length}>
            <div class="events">
              {span.events.map((e, i) => (
                <div class="event" key={i}>
                  <div class="event-head">
                    <b>{e.name}</b>
                    <span class="faint mono">+{formatDuration(nanoDiffMs(span.startTimeUnixNano, e.timeUnixNano))}</span>
                  </div>
                  {Object.keys(e.attributes).length ? <KeyValueTable attributes={e.attributes} /> : null}
                </div>
              ))}
            </div>
          </Section>
        ) : null}

        <Section title="Attributes" count={Object.keys(span.attributes).length}>
          <KeyValueTable attributes={span.attributes} testId="attributes" />
        </Section>
        <Section title="Resource" count={Object.keys(span.resource.attributes).length}>
          <KeyValueTable attributes={span.resource.attributes} />
        </Section>
        <Section title="Instrumentation scope">
          <KeyValueTable attributes={{ name: span.scope.name, ...(span.scope.version ? { version: span.scope.version } : {}) }} />
        </Section>
        <Section title="Ids">
          <KeyValueTable
            attributes={{
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId,
              start: span.startTimeUnixNano,
              end: span.endTimeUnixNano,
            }}
          />
        </Section>
      </div>
    </aside>
  );
}

function Section(props: { title: string; count?: number; children: ComponentChildren }) {
  return (
    <div class="section">
      <h3 class="section-title">
        {props.title}
        {props.count != null ? <span class="count">{props.count}</span> : null}
      </h3>
      {props.children}
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

function requestParameters(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (k.startsWith('gen_ai.request.') && k !== 'gen_ai.request.model') out[k.slice('gen_ai.request.'.length)] = v;
  }
  return out;
}

function modelLabel(requested: string | null, responded: string | null): string {
  if (requested && responded && requested !== responded) return `${responded} (asked ${requested})`;
  return responded ?? requested ?? '–';
}

function formatNumber(n: number | null): string {
  return n == null ? '–' : n.toLocaleString();
}

/** Output speed after the first chunk when streamed (what a user perceives), else over the whole call. */
function tokensPerSecond(tokens: number | null, durationMs: number, ttfcMs: number | null): string {
  if (!tokens) return '–';
  const ms = ttfcMs != null && durationMs > ttfcMs ? durationMs - ttfcMs : durationMs;
  return ms > 0 ? `${formatTokens(Math.round((tokens / ms) * 1000))}/s` : '–';
}
