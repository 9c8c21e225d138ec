import type { SpanRow } from '../lib/build-span-tree.js';
import { formatDuration, formatTokens } from '../lib/format.js';
import { placeBar } from '../lib/time-axis.js';

/** Props of {@link WaterfallRow}. */
export interface WaterfallRowProps {
  row: SpanRow;
  rangeMs: number;
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
 * <WaterfallRow row={row} rangeMs={tree.durationMs} selected={false} collapsed={false} onSelect={...} onToggle={...} />
 */
export function WaterfallRow({ row, rangeMs, selected, collapsed, onSelect, onToggle }: WaterfallRowProps) {
  const { span } = row;
  const ai = span.genAi;
  const isError = span.status.code === 2;
  const bar = placeBar(row.startMs, row.endMs, rangeMs);
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
            {model ? <span class="badge badge-model">{model}</span> : null}
            {ai.inputTokens != null || ai.outputTokens != null ? (
              <span class="tokens" title="input → output tokens">
                {formatTokens(ai.inputTokens)}→{formatTokens(ai.outputTokens)}
              </span>
            ) : null}
          </span>
        ) : null}
      </div>
      <div class="wf-track">
        <div
          class="wf-bar"
          title={`${span.name}\n${formatDuration(duration)} (starts at +${formatDuration(row.startMs)})${isError ? `\nerror${span.status.message ? `: ${span.status.message}` : ''}` : ''}`}
          style={{ left: `${bar.leftPct}%`, width: `${bar.widthPct}%` }}
        />
        {ttfc != null && duration > 0 ? (
          <div
            class="wf-ttfc"
            data-testid="ttfc-marker"
            title={`first chunk after ${formatDuration(ttfc)}`}
            style={{ left: `${placeBar(row.startMs + ttfc, row.startMs + ttfc, rangeMs, 0).leftPct}%` }}
          />
        ) : null}
        <span class="wf-dur" style={{ left: `${bar.leftPct + bar.widthPct}%` }}>
          {formatDuration(duration)}
        </span>
      </div>
    </div>
  );
}
