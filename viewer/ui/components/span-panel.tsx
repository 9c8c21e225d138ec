import type { ComponentChildren } from 'preact';
import type { Attributes, StoredSpan } from '../../shared/api-types.js';
import { formatDuration, formatNanoTime } from '../lib/format.js';
import { nanoDiffMs } from '../lib/nano-time.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { ChatView } from './chat-view.js';
import { CopyButton } from './copy-button.js';
import { KeyValueTable } from './key-value-table.js';
import { EntityContent, isEntityOnly, showsConversation } from './entity-content.js';
import { ReplayButton } from './replay-dialog.js';
import { SpanError } from './span-error.js';
import { SpanFacts } from './span-facts.js';
import { GenAiNotes } from './token-detail-facts.js';

const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/**
 * Details of the selected span: actions (compare, zoom, replay), facts, the full error of a failed span, request
 * parameters, the conversation as chat, events, links, and every raw attribute and resource attribute. A column on
 * wide screens, an overlay on medium ones and a full-width sheet on phones (see styles.css).
 *
 * @example
 * {model.selectedSpan.value && <SpanPanel model={model} span={model.selectedSpan.value} />}
 */
export function SpanPanel({ model, span }: { model: ViewerModel; span: StoredSpan }) {
  const ai = span.genAi;
  const tree = model.detail.tree.value;
  const params = requestParameters(span.attributes);
  const side = { traceId: span.traceId, spanId: span.spanId };
  const inTray = model.compare.tray.value.some((t) => t.traceId === side.traceId && t.spanId === side.spanId);
  const row = tree.rows[tree.indexById.get(span.spanId) ?? -1];

  return (
    <aside class="panel" aria-label="Span details" data-testid="span-panel">
      <div class="panel-head">
        <div class="panel-titles">
          <div class="panel-title">{span.name}</div>
          <div class="panel-sub">
            <span>{KIND[span.kind] ?? span.kind}</span>
            <span class="mono id-chip" title="span id">
              {span.spanId}
              <CopyButton text={span.spanId} label="Copy span id" testId="copy-span-id" />
            </span>
            {span.parentSpanId ? (
              <span class="mono id-chip faint" title="parent span id">
                ← {span.parentSpanId}
              </span>
            ) : null}
          </div>
        </div>
        <button type="button" class="btn btn-icon" aria-label="Close span details" title="Close (Esc)" onClick={() => model.selectSpan(null)}>
          ✕
        </button>
      </div>
      <div class="panel-actions">
        <button
          type="button"
          class={`btn btn-small${inTray ? ' active' : ''}`}
          data-testid="compare-span"
          aria-pressed={inTray}
          title={inTray ? 'Remove from the compare tray' : 'Add this call to the compare tray (pick two to compare)'}
          onClick={() => (inTray ? model.compare.remove(side) : model.compare.add({ ...side, label: span.name }))}
        >
          {inTray ? '✓ In compare' : 'Compare'}
        </button>
        {row ? (
          <button type="button" class="btn btn-small" title="Zoom the waterfall to this span" onClick={() => model.waterfall.zoomTo(row.startMs, row.endMs, tree.durationMs)}>
            Zoom to span
          </button>
        ) : null}
        {ai && !isEntityOnly(ai) ? <ReplayButton model={model} span={span} /> : null}
      </div>
      <div class="panel-body">
        <div class="section">
          <SpanFacts span={span} traceStartNano={tree.startNano} />
          {ai?.notes?.length ? <GenAiNotes notes={ai.notes} /> : null}
        </div>
        {span.status.code === 2 ? (
          <div class="section">
            <SpanError span={span} />
          </div>
        ) : null}

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

        {span.links?.length ? (
          <Section title="Links" count={span.links.length}>
            <div class="links" data-testid="span-links">
              {span.links.map((l, i) => (
                <div class="link-row" key={i}>
                  <a href={`#/trace/${encodeURIComponent(l.traceId)}/span/${encodeURIComponent(l.spanId)}`} class="mono">
                    {linkLabel(l.attributes)} {l.traceId.slice(0, 8)}…/{l.spanId}
                  </a>
                  {l.traceId !== span.traceId || l.spanId !== span.spanId ? (
                    <button
                      type="button"
                      class="btn btn-small"
                      title="Compare this span with the linked one"
                      onClick={() => model.openCompare({ traceId: l.traceId, spanId: l.spanId }, side)}
                    >
                      Compare
                    </button>
                  ) : null}
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
        <Section title="Ids and times">
          <KeyValueTable
            testId="span-ids"
            attributes={{
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId,
              start: formatNanoTime(span.startTimeUnixNano),
              end: formatNanoTime(span.endTimeUnixNano),
              'start (unix ns)': span.startTimeUnixNano,
              'end (unix ns)': span.endTimeUnixNano,
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

function requestParameters(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (k.startsWith('gen_ai.request.') && k !== 'gen_ai.request.model') out[k.slice('gen_ai.request.'.length)] = v;
  }
  return out;
}

function linkLabel(attributes: Attributes): string {
  return attributes['tracelight.link.type'] === 'replay_of' ? 'replay of' : 'link to';
}
