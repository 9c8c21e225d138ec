import { formatDuration } from '../lib/format.js';
import type { AxisTick } from '../lib/time-axis.js';

/**
 * The waterfall's header: a label column and the time ticks above the bars.
 *
 * @example
 * <TimeAxisHeader ticks={axisTicks(tree.durationMs)} />
 */
export function TimeAxisHeader({ ticks }: { ticks: AxisTick[] }) {
  return (
    <div class="wf-axis" aria-hidden="true">
      <div class="wf-axis-label">Span</div>
      <div class="wf-axis-ticks">
        {ticks.map((t) => (
          <span key={t.ms} class="wf-tick" style={{ left: `${t.fraction * 100}%` }}>
            {formatDuration(t.ms)}
          </span>
        ))}
      </div>
    </div>
  );
}
