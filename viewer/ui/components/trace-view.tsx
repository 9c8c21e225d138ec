import { useMemo } from 'preact/hooks';
import { formatCost, formatDateTime, formatDuration, formatTokens, formatWhen } from '../lib/format.js';
import { nanoToMs } from '../lib/nano-time.js';
import { axisTicks } from '../lib/time-axis.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { CopyButton } from './copy-button.js';
import { TimeAxisHeader } from './time-axis-header.js';
import { InFlightMark } from './trace-list.js';
import { VirtualList } from './virtual-list.js';
import { WaterfallRow } from './waterfall-row.js';

const ROW_HEIGHT = 30;

/**
 * The open trace: header with totals, compare and export, the zoom bar, then the virtualized waterfall. Ctrl/⌘ +
 * wheel over the bars zooms around the pointer; shift + wheel pans a zoomed waterfall.
 *
 * @example
 * <TraceView model={model} />
 */
export function TraceView({ model }: { model: ViewerModel }) {
  const { detail, waterfall } = model;
  const traceId = detail.traceId.value!;
  const status = detail.status.value;
  const tree = detail.tree.value;
  const collapsed = detail.collapsed.value;
  const selectedSpanId = model.route.value.spanId;
  const summary = model.traces.get(traceId);
  model.traces.view.value; // re-render when the summary changes
  const zoom = waterfall.zoom.value;
  const window = zoom ?? { fromMs: 0, toMs: tree.durationMs };
  const range = window.toMs - window.fromMs;

  const ticks = useMemo(() => axisTicks(range, 6), [range]);
  const tickPct = ticks.length > 1 ? `${ticks[1].fraction * 100}%` : '100%';
  const totals = detail.totals.value;

  const root = tree.rows[0]?.span;
  const title = summary?.name || root?.name || traceId;
  const selectedIndex = selectedSpanId ? (tree.indexById.get(selectedSpanId) ?? -1) : -1;
  const side = { traceId, spanId: null };
  const inTray = model.compare.tray.value.some((t) => t.traceId === traceId && t.spanId === null);
  const startMs = nanoToMs(tree.startNano);

  return (
    <section class="pane pane-trace" aria-label="Trace" data-testid="trace-view">
      <div class="trace-head">
        <button type="button" class="btn btn-icon back-btn" aria-label="Back to the trace list" title="Back to the list" onClick={() => model.selectTrace(null)}>
          ←
        </button>
        <div class="trace-head-main">
          <div class="trace-title-line">
            {summary?.hasRoot === false ? <InFlightMark /> : null}
            <div class="trace-title" title={title}>
              {title}
            </div>
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
            {root ? <span title={formatDateTime(startMs)}>{formatWhen(startMs)}</span> : null}
            <span class="mono faint id-chip" title="trace id">
              <span class="trace-id-text">{traceId}</span>
              <CopyButton text={traceId} label="Copy trace id" testId="copy-trace-id" />
            </span>
          </div>
        </div>
        <div class="trace-actions">
          <button
            type="button"
            class={`btn btn-small${inTray ? ' active' : ''}`}
            data-testid="compare-trace"
            aria-pressed={inTray}
            title={inTray ? 'Remove from the compare tray' : 'Add this trace to the compare tray (pick two to compare)'}
            onClick={() => (inTray ? model.compare.remove(side) : model.compare.add({ ...side, label: title }))}
          >
            {inTray ? '✓ In compare' : 'Compare'}
          </button>
          <a class="btn btn-small" href={model.exportUrl(traceId)} download={`trace-${traceId}.otlp.json`} data-testid="export" title="Download this trace as OTLP JSON">
            Export
          </a>
          <button type="button" class="btn btn-icon close-btn" aria-label="Close trace" title="Close trace" onClick={() => model.selectTrace(null)}>
            ✕
          </button>
        </div>
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
        <div class="wf" style={{ '--label-w': `${waterfall.labelWidth.value}px` }}>
          <div class="wf-zoom" data-testid="wf-zoom">
            <span class="faint">Zoom</span>
            <button type="button" class="btn btn-small btn-icon" aria-label="Zoom out" title="Zoom out" disabled={!zoom} onClick={() => waterfall.zoomBy(0.5, tree.durationMs)}>
              −
            </button>
            <button type="button" class="btn btn-small btn-icon" aria-label="Zoom in" title="Zoom in (Ctrl/⌘ + wheel over the bars)" onClick={() => waterfall.zoomBy(2, tree.durationMs)}>
              +
            </button>
            <button type="button" class="btn btn-small" disabled={!zoom} onClick={() => waterfall.reset()} title="Show the whole trace">
              Fit
            </button>
            <span class="mono faint" data-testid="zoom-window">
              {zoom ? `${formatDuration(window.fromMs)} – ${formatDuration(window.toMs)} (${Math.round(tree.durationMs / range)}×)` : 'whole trace'}
            </span>
          </div>
          <TimeAxisHeader ticks={ticks} offsetMs={window.fromMs} waterfall={waterfall} />
          <VirtualList
            key={traceId /* a new trace starts at the top, not at the last one's scroll position */}
            count={tree.rows.length}
            rowHeight={ROW_HEIGHT}
            label="Spans"
            testId="waterfall"
            selectedIndex={selectedIndex}
            selectedKey={selectedSpanId}
            style={{ '--tick-pct': tickPct }}
            onWheel={(e) => {
              const track = (e.target as HTMLElement).closest('.wf-track');
              if (!track || !(e.ctrlKey || e.metaKey || (e.shiftKey && zoom))) return;
              e.preventDefault();
              const box = track.getBoundingClientRect();
              if (e.shiftKey) waterfall.pan(Math.sign(e.deltaY || e.deltaX) * 0.2, tree.durationMs);
              else waterfall.zoomBy(e.deltaY < 0 ? 1.5 : 1 / 1.5, tree.durationMs, (e.clientX - box.left) / box.width);
            }}
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
                  window={window}
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
