import type { SpanRow } from '../lib/build-span-tree.js';
import { formatDuration, formatTokens } from '../lib/format.js';
import { placeBar, placeBarInWindow } from '../lib/time-axis.js';
import type { ZoomWindow } from '../models/waterfall-model.js';

/** Props of {@link WaterfallRow}. */
export interface WaterfallRowProps {
  row: SpanRow;
  /** The part of the trace in view (the whole trace when not zoomed). */
  window: ZoomWindow;
  selected: boolean;
  collapsed: boolean;
  onSelect(spanId: string): void;
  onToggle(spanId: string): void;
}

// Deep chains would push the name out of view; past this depth the indent stops growing (the tree is still right).
const MAX_INDENT_LEVELS = 24;

/**
 * One waterfall row: indented name (gen_ai spans show model and tokens), and the span's bar on the time axis with
 * its duration and, for streamed calls, a first-chunk marker.
 *
 * @example
 * <WaterfallRow row={row} window={{ fromMs: 0, toMs: tree.durationMs }} selected={false} collapsed={false} onSelect={...} onToggle={...} />
 */
export function WaterfallRow({ row, window, selected, collapsed, onSelect, onToggle }: WaterfallRowProps) {
  const { span } = row;
  const ai = span.genAi;
  const isError = span.status.code === 2;
  const bar = placeBarInWindow(row.startMs, row.endMs, window);
  const rangeMs = window.toMs - window.fromMs;
  const duration = row.endMs - row.startMs;
  const ttfc = ai?.timeToFirstChunkMs;
  const model = ai ? (ai.responseModel ?? ai.requestModel) : null;
  const classes = ['wf-row', ai ? 'wf-genai' : '', isError ? 'error' : '', selected ? 'selected' : ''].filter(Boolean).join(' ');

  return (
    <div
      class={classes}
      role="option"
      aria-selected={selected}
      data-span-id={span.spanId}
      onClick={() => onSelect(span.spanId)}
    >
      <div class="wf-label" style={{ paddingLeft: `${6 + Math.min(row.depth, MAX_INDENT_LEVELS) * 14}px` }}>
        <button
          type="button"
          class={`wf-toggle${row.childCount ? '' : ' wf-toggle-none'}`}
          aria-label={collapsed ? 'Expand' : 'Collapse'}
          tabIndex={-1}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(span.spanId);
          }}
        >
          {collapsed ? '▶' : '▼'}
        </button>
        <span class="wf-kind" />
        <span class="wf-name" title={row.orphan ? `${span.name} (parent ${span.parentSpanId} not received)` : span.name}>
          {span.name}
        </span>
        {row.orphan ? <span class="badge" title="Its parent span has not been received">orphan</span> : null}
        {ai ? (
          <span class="wf-ai">
            {model ? <span class="badge badge-model" title={model}>{model}</span> : null}
            {ai.inputTokens != null || ai.outputTokens != null ? (
              <span class="tokens" title="input → output tokens">
                {formatTokens(ai.inputTokens)}→{formatTokens(ai.outputTokens)}
              </span>
            ) : null}
          </span>
        ) : null}
      </div>
      <div class="wf-track">
        {bar ? (
          <div
            class="wf-bar"
            title={`${span.name}\n${formatDuration(duration)} (starts at +${formatDuration(row.startMs)})${isError ? `\nerror${span.status.message ? `: ${span.status.message}` : ''}` : ''}`}
            style={{ left: `${bar.leftPct}%`, width: `${bar.widthPct}%` }}
          />
        ) : null}
        {bar && ttfc != null && duration > 0 && row.startMs + ttfc >= window.fromMs && row.startMs + ttfc <= window.toMs ? (
          <div
            class="wf-ttfc"
            data-testid="ttfc-marker"
            title={`first chunk after ${formatDuration(ttfc)}`}
            style={{ left: `${placeBar(row.startMs + ttfc - window.fromMs, row.startMs + ttfc - window.fromMs, rangeMs, 0).leftPct}%` }}
          />
        ) : null}
        {bar ? (
          <span class={`wf-dur wf-dur-${durationPlace(bar)}`} style={durationStyle(bar)}>
            {formatDuration(duration)}
          </span>
        ) : (
          <span class="wf-dur wf-off" style={{ [row.startMs > window.toMs ? 'right' : 'left']: '0' }}>
            {row.startMs > window.toMs ? `${formatDuration(duration)} →` : `← ${formatDuration(duration)}`}
          </span>
        )}
      </div>
    </div>
  );
}

type Place = 'after' | 'before' | 'inside';

/** The duration label goes after the bar, else before it, else inside its end: never past the track's edges. */
function durationPlace(bar: { leftPct: number; widthPct: number }): Place {
  if (bar.leftPct + bar.widthPct <= 86) return 'after';
  if (bar.leftPct >= 14) return 'before';
  return 'inside';
}

function durationStyle(bar: { leftPct: number; widthPct: number }): Record<string, string> {
  const place = durationPlace(bar);
  if (place === 'after') return { left: `${bar.leftPct + bar.widthPct}%` };
  if (place === 'before') return { right: `${100 - bar.leftPct}%` };
  return { right: `${100 - bar.leftPct - bar.widthPct}%` };
}
