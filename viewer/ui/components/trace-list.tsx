import type { TraceSummary } from '../../shared/api-types.js';
import { formatDateTime, formatDuration, formatTokens, formatWhen } from '../lib/format.js';
import { nanoToMs } from '../lib/nano-time.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { Icon } from './icons.js';
import { VirtualList } from './virtual-list.js';

/** Must match `.trace-row` in styles.css. */
const ROW_HEIGHT = 70;

/**
 * The live trace list (newest first, filtered), virtualized; up/down keys move the selection. The head counts the
 * traces and holds the live/paused switch: paused, rows stay where they are and new traces are only counted.
 *
 * @example
 * <TraceList model={model} />
 */
export function TraceList({ model }: { model: ViewerModel }) {
  const view = model.traces.view.value;
  const { items, total } = view;
  const selectedId = model.route.value.traceId;
  // Binary search in the ordered index: a live batch never costs a scan of the whole list.
  const selectedIndex = selectedId ? model.traces.indexOf(selectedId) : -1;
  const paused = model.traces.paused.value;
  const arrived = model.traces.arrivedWhilePaused.value;
  const filtered = items.length !== total && !paused;

  return (
    <section class="pane pane-list" aria-label="Traces">
      <div class="pane-head">
        <span data-testid="trace-count" class="trace-count">
          {filtered ? `${items.length.toLocaleString()} of ` : ''}
          {total.toLocaleString()} {total === 1 ? 'trace' : 'traces'}
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
      {items.length === 0 ? (
        <div class="list-empty">{total ? 'No trace matches the filters.' : 'No traces yet.'}</div>
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
    </section>
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
