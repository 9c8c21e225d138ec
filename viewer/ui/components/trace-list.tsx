import type { TraceSummary } from '../../shared/api-types.js';
import { formatCost, formatDateTime, formatDuration, formatTokens, formatWhen } from '../lib/format.js';
import { nanoToMs } from '../lib/nano-time.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { Icon } from './icons.js';
import { SessionList } from './session-list.js';
import { VirtualList } from './virtual-list.js';

/** Must match `.trace-row` in styles.css. */
const ROW_HEIGHT = 70;

/**
 * The list pane: traces or sessions. Traces: newest first, filtered by the server (search and filters reach every
 * stored trace; older pages load as the list is scrolled), virtualized, up/down keys move the selection; the head says
 * how many traces match in all and their tokens, cost and errors, and holds the live/paused switch.
 *
 * @example
 * <TraceList model={model} />
 */
export function TraceList({ model }: { model: ViewerModel }) {
  const mode = model.sessions.listMode.value;
  return (
    <section class="pane pane-list" aria-label="Traces">
      <div class="pane-head pane-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={mode === 'traces'} class={`tab${mode === 'traces' ? ' active' : ''}`} data-testid="tab-traces" onClick={() => model.sessions.setListMode('traces')}>
          Traces
        </button>
        <button type="button" role="tab" aria-selected={mode === 'sessions'} class={`tab${mode === 'sessions' ? ' active' : ''}`} data-testid="tab-sessions" onClick={() => model.sessions.setListMode('sessions')}>
          Sessions
        </button>
      </div>
      {mode === 'sessions' ? <SessionList model={model} /> : <TraceRows model={model} />}
    </section>
  );
}

function TraceRows({ model }: { model: ViewerModel }) {
  const view = model.traces.view.value;
  const { items, total } = view;
  const selectedId = model.route.value.traceId;
  const selectedIndex = selectedId ? model.traces.indexOf(selectedId) : -1;
  const paused = model.traces.paused.value;
  const arrived = model.traces.arrivedWhilePaused.value;
  const match = model.traces.match.value;
  const filter = model.traces.filter.value;
  const filtering = !!(filter.text.trim() || filter.model || filter.service || filter.errorsOnly);
  const stored = model.connection.health.value?.traces ?? model.traces.serverTotal.value ?? total;
  const matching = match.total ?? (filtering ? items.length : stored);
  const totals = match.totals;
  return (
    <>
      <div class="pane-head">
        <span
          data-testid="trace-count"
          class="trace-count"
          title={`${matching.toLocaleString()} matching, ${items.length.toLocaleString()} loaded in this page, ${stored.toLocaleString()} stored on the server`}
        >
          {filtering ? `${matching.toLocaleString()} of ` : ''}
          {(filtering ? stored : matching).toLocaleString()} {(filtering ? stored : matching) === 1 ? 'trace' : 'traces'}
          {match.loading ? '…' : ''}
        </span>
        <span class="spacer" />
        {paused && arrived ? (
          <button type="button" class="btn btn-small btn-accent" data-testid="show-new" onClick={() => model.traces.setPaused(false)} title="Resume and show them">
            {arrived.toLocaleString()} new
          </button>
        ) : null}
        <button
          type="button"
          class={`btn btn-small live-toggle${paused ? ' paused' : ''}`}
          data-testid="pause"
          aria-pressed={paused}
          title={paused ? 'Paused: new traces are counted, not inserted. Click to follow live again.' : 'Following live. Click to pause (rows stay where they are).'}
          onClick={() => model.traces.setPaused(!paused)}
        >
          <Icon name={paused ? 'play' : 'pause'} />
          {paused ? 'Resume' : 'Pause'}
        </button>
      </div>
      {totals && totals.traces ? (
        <div class="list-totals" data-testid="list-totals">
          <span title={`${totals.inputTokens.toLocaleString()} input / ${totals.outputTokens.toLocaleString()} output tokens over ${totals.llmCalls.toLocaleString()} LLM calls`}>
            <b>{formatTokens(totals.inputTokens)}→{formatTokens(totals.outputTokens)}</b> tokens
          </span>
          <span title={totals.unpricedCalls ? `${totals.unpricedCalls} call(s) have no known price and are not in this sum` : 'estimated from the price table'}>
            <b data-testid="list-cost">{formatCost(totals.costUsd)}</b>
            {totals.unpricedCalls ? <span class="faint"> +{totals.unpricedCalls} unpriced</span> : null}
          </span>
          <span class={totals.errors ? 'error-text' : undefined}>
            <b>{totals.errors.toLocaleString()}</b> {totals.errors === 1 ? 'error' : 'errors'}
          </span>
          <span class="spacer" />
          <button type="button" class="btn btn-small" data-testid="open-breakdown" onClick={() => model.setBreakdownOpen(true)} title="Tokens, cost and errors by model, service, user or session">
            Breakdown
          </button>
        </div>
      ) : null}
      {items.length === 0 ? (
        <div class="list-empty">
          {match.loading ? 'Asking the server…' : filtering ? 'No trace matches the filters.' : stored ? 'Loading…' : 'No traces yet.'}
        </div>
      ) : (
        <VirtualList
          count={items.length}
          rowHeight={ROW_HEIGHT}
          label="Traces"
          testId="trace-list"
          selectedIndex={selectedIndex}
          selectedKey={selectedId}
          keyAt={(i) => items[i]?.traceId}
          indexOfKey={model.traces.indexOf}
          dataVersion={view}
          onNearEnd={() => void model.traces.loadMore()}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              model.moveTrace(e.key === 'ArrowDown' ? 1 : -1);
            } else if (e.key === 'Enter' && selectedId) {
              model.moveSpan(1);
              (document.querySelector('[data-testid="waterfall"]') as HTMLElement | null)?.focus();
            }
          }}
          renderRow={(i) => <TraceRow key={items[i].traceId} trace={items[i]} selected={items[i].traceId === selectedId} model={model} />}
        />
      )}
    </>
  );
}

function TraceRow({ trace, selected, model }: { trace: TraceSummary; selected: boolean; model: ViewerModel }) {
  const tokens = trace.inputTokens || trace.outputTokens;
  const startMs = nanoToMs(trace.startTimeUnixNano);
  const inFlight = trace.hasRoot === false;
  return (
    <div
      class={`trace-row${selected ? ' selected' : ''}`}
      role="option"
      aria-selected={selected}
      data-trace-id={trace.traceId}
      onClick={() => model.selectTrace(trace.traceId)}
    >
      <div class="trace-line">
        {inFlight ? <InFlightMark /> : null}
        <span class="trace-name" title={trace.name}>
          {trace.name || '(no root span)'}
        </span>
        <span class="trace-duration">{formatDuration(trace.durationMs)}</span>
      </div>
      <div class="trace-line trace-meta">
        <span class="trace-service" title={`service: ${trace.serviceName}`}>
          {trace.serviceName}
        </span>
        {trace.models.slice(0, 2).map((m) => (
          <span key={m} class="badge badge-model" title={m}>
            {m}
          </span>
        ))}
        {trace.models.length > 2 ? (
          <span class="faint more" title={trace.models.join('\n')}>
            +{trace.models.length - 2}
          </span>
        ) : null}
      </div>
      <div class="trace-line trace-meta">
        <span class="trace-when" title={formatDateTime(startMs)}>
          {formatWhen(startMs)}
        </span>
        {tokens ? (
          <span class="tokens" title={`${trace.inputTokens} input / ${trace.outputTokens} output tokens`}>
            {formatTokens(trace.inputTokens)}→{formatTokens(trace.outputTokens)}
          </span>
        ) : null}
        <span class="faint trace-spans" title={`${trace.spanCount.toLocaleString()} span${trace.spanCount === 1 ? '' : 's'}`}>
          {trace.spanCount === 1 ? '1 span' : `${trace.spanCount.toLocaleString()} spans`}
        </span>
        <span class="spacer" />
        {trace.errorCount ? (
          <span class="badge badge-error" title={`${trace.errorCount} error span(s)`}>
            {trace.errorCount} err
          </span>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The mark of a trace whose root span has not arrived yet: it is named after a child, and that may change.
 *
 * @example
 * {trace.hasRoot === false ? <InFlightMark /> : null}
 */
export function InFlightMark() {
  return (
    <span class="in-flight" data-testid="in-flight" title="In flight: the root span has not arrived yet, so the trace is named after a child span and may change">
      <span class="in-flight-dot" aria-hidden="true" />
      <span class="in-flight-text">in flight</span>
    </span>
  );
}
