import { formatDuration } from '../lib/format.js';
import type { AxisTick } from '../lib/time-axis.js';
import type { WaterfallModel } from '../models/waterfall-model.js';

/**
 * The waterfall's header: the name column (its right edge is a handle that resizes the column, by pointer or by
 * the arrow keys) and the time ticks above the bars, offset by the zoom window's start.
 *
 * @example
 * <TimeAxisHeader ticks={axisTicks(range)} offsetMs={zoom?.fromMs ?? 0} waterfall={model.waterfall} />
 */
export function TimeAxisHeader({ ticks, offsetMs, waterfall }: { ticks: AxisTick[]; offsetMs: number; waterfall: WaterfallModel }) {
  const width = waterfall.labelWidth.value;
  return (
    <div class="wf-axis">
      <div class="wf-axis-label" aria-hidden="true">
        Span
      </div>
      <div
        class="wf-resize"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize the span name column"
        aria-valuenow={width}
        tabIndex={0}
        data-testid="wf-resize"
        title="Drag to resize the name column (or focus and press ←/→)"
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
            e.preventDefault();
            waterfall.setLabelWidth(width + (e.key === 'ArrowRight' ? 24 : -24));
          }
        }}
        onPointerDown={(e) => {
          const handle = e.currentTarget as HTMLElement;
          const startX = e.clientX;
          const startWidth = width;
          handle.setPointerCapture(e.pointerId);
          const move = (m: PointerEvent) => waterfall.setLabelWidth(startWidth + m.clientX - startX);
          const up = () => {
            handle.removeEventListener('pointermove', move);
            handle.removeEventListener('pointerup', up);
            handle.removeEventListener('pointercancel', up);
          };
          handle.addEventListener('pointermove', move);
          handle.addEventListener('pointerup', up);
          handle.addEventListener('pointercancel', up);
        }}
      />
      <div class="wf-axis-ticks" aria-hidden="true">
        {ticks.map((t) => (
          <span key={t.ms} class="wf-tick" style={{ left: `${t.fraction * 100}%` }}>
            {formatDuration(offsetMs + t.ms)}
          </span>
        ))}
      </div>
    </div>
  );
}
