import { useMemo } from 'preact/hooks';
import { formatClock, formatCost, formatDuration, formatTokens } from '../lib/format.js';
import { nanoToMs } from '../lib/nano-time.js';
import { axisTicks } from '../lib/time-axis.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { TimeAxisHeader } from './time-axis-header.js';
import { VirtualList } from './virtual-list.js';
import { WaterfallRow } from './waterfall-row.js';

const ROW_HEIGHT = 30;

/**
 * The open trace: header with totals and export, then the virtualized waterfall.
 *
 * @example
 * <TraceView model={model} />
 */
export function TraceView({ model }: { model: ViewerModel }) {
  const { detail } = model;
  const traceId = detail.traceId.value!;
  const status = detail.status.value;
  const tree = detail.tree.value;
  const collapsed = detail.collapsed.value;
  const selectedSpanId = model.route.value.spanId;
  const summary = model.traces.get(traceId);
  model.traces.view.value; // re-render when the summary changes

  const ticks = useMemo(() => axisTicks(tree.durationMs, 6), [tree.durationMs]);
  const tickPct = ticks.length > 1 ? `${ticks[1].fraction * 100}%` : '100%';
  const totals = detail.totals.value;

  const root = tree.rows[0]?.span;
  const title = summary?.name || root?.name || traceId;
  const selectedIndex = selectedSpanId ? (tree.indexById.get(selectedSpanId) ?? -1) : -1;

  return (
    <section class="pane" aria-label="Trace" data-testid="trace-view">
      <div class="trace-head">
        <div style={{ minWidth: 0, flex: 1 }}>
          <div class="trace-title" title={title}>
            {title}
          </div>
          <div class="trace-facts">
            <span>
              duration <b>{formatDuration(tree.durationMs)}</b>
            </span>
            <span>
              spans <b data-testid="span-count">{tree.rows.length.toLocaleString()}</b>
            </span>
            {totals.llmCalls ? (
              <span>
                LLM calls <b>{totals.llmCalls}</b>
              </span>
            ) : null}
            {totals.llmCalls ? (
              <span>
                tokens <b>{formatTokens(totals.inputTokens)}→{formatTokens(totals.outputTokens)}</b>
              </span>
            ) : null}
            {totals.costUsd != null ? (
              <span>
                cost <b>{formatCost(totals.costUsd)}</b>
              </span>
            ) : null}
            {totals.errors ? (
              <span>
                errors <b style={{ color: 'var(--error)' }}>{totals.errors}</b>
              </span>
            ) : null}
            {root ? <span>{formatClock(nanoToMs(tree.startNano))}</span> : null}
            <span class="mono faint" title="trace id">
              {traceId}
            </span>
          </div>
        </div>
        <a class="btn" href={model.exportUrl(traceId)} download={`trace-${traceId}.otlp.json`} data-testid="export">
          Export OTLP
        </a>
        <button type="button" class="btn btn-icon" aria-label="Close trace" title="Close trace" onClick={() => model.selectTrace(null)}>
          ✕
        </button>
      </div>
      {status === 'evicted' ? <div class="banner">This trace was removed from the store (cleared or evicted); what is shown is what the page still holds.</div> : null}
      {status === 'error' ? <div class="banner">Could not load the trace: {detail.error.value}</div> : null}
      {status === 'loading' && !tree.rows.length ? <div class="empty">Loading…</div> : null}
      {status === 'missing' && !tree.rows.length ? (
        <div class="empty">
          <h2>Trace not found</h2>
          <p>
            The server has no trace <span class="code-inline">{traceId}</span>. It may have been evicted or cleared; it will
            appear here if its spans arrive.
          </p>
        </div>
      ) : null}
      {tree.rows.length ? (
        <div class="wf">
          <TimeAxisHeader ticks={ticks} />
          <VirtualList
            key={traceId /* a new trace starts at the top, not at the last one's scroll position */}
            count={tree.rows.length}
            rowHeight={ROW_HEIGHT}
            label="Spans"
            testId="waterfall"
            selectedIndex={selectedIndex}
            selectedKey={selectedSpanId}
            style={{ '--tick-pct': tickPct }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                model.moveSpan(e.key === 'ArrowDown' ? 1 : -1);
              } else if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && selectedSpanId) {
                const row = tree.rows[selectedIndex];
                if (row?.childCount && collapsed.has(selectedSpanId) === (e.key === 'ArrowRight')) {
                  e.preventDefault();
                  detail.toggleCollapsed(selectedSpanId);
                }
              }
            }}
            renderRow={(i) => {
              const row = tree.rows[i];
              return (
                <WaterfallRow
                  key={row.span.spanId}
                  row={row}
                  rangeMs={tree.durationMs}
                  selected={row.span.spanId === selectedSpanId}
                  collapsed={collapsed.has(row.span.spanId)}
                  onSelect={model.selectSpan}
                  onToggle={detail.toggleCollapsed}
                />
              );
            }}
          />
        </div>
      ) : null}
    </section>
  );
}
