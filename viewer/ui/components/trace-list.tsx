import type { TraceSummary } from '../../shared/api-types.js';
import { formatClock, formatDuration, formatTokens } from '../lib/format.js';
import { nanoToMs } from '../lib/nano-time.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { VirtualList } from './virtual-list.js';

const ROW_HEIGHT = 58;

/**
 * The live trace list (newest first, filtered), virtualized; up/down keys move the selection.
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
  const filtered = items.length !== total;

  return (
    <section class="pane pane-list" aria-label="Traces">
      <div class="pane-head">
        <span data-testid="trace-count">
          {filtered ? `${items.length.toLocaleString()} of ` : ''}
          {total.toLocaleString()} {total === 1 ? 'trace' : 'traces'}
        </span>
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
  return (
    <div
      class={`trace-row${selected ? ' selected' : ''}`}
      role="option"
      aria-selected={selected}
      data-trace-id={trace.traceId}
      onClick={() => model.selectTrace(trace.traceId)}
    >
      <div class="trace-name" title={trace.name}>
        {trace.name || '(no root span)'}
      </div>
      <div class="trace-duration">{formatDuration(trace.durationMs)}</div>
      <div class="trace-meta">
        <span class="trace-service" title={`service: ${trace.serviceName}`}>
          {trace.serviceName}
        </span>
        {trace.models.slice(0, 2).map((m) => (
          <span key={m} class="badge badge-model" title={m}>
            {m}
          </span>
        ))}
        {trace.models.length > 2 ? <span class="faint">+{trace.models.length - 2}</span> : null}
        {tokens ? (
          <span class="tokens" title={`${trace.inputTokens} input / ${trace.outputTokens} output tokens`}>
            {formatTokens(trace.inputTokens)}→{formatTokens(trace.outputTokens)}
          </span>
        ) : null}
      </div>
      <div class="trace-side">
        {trace.errorCount ? (
          <span class="badge badge-error" title={`${trace.errorCount} error span(s)`}>
            {trace.errorCount} err
          </span>
        ) : (
          <span title={`${trace.spanCount} spans`}>{formatClock(nanoToMs(trace.startTimeUnixNano))}</span>
        )}
      </div>
    </div>
  );
}
