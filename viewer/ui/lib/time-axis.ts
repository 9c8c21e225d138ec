/** One labelled tick on the waterfall's time axis. */
export interface AxisTick {
  /** Offset from the trace start, in ms. */
  ms: number;
  /** Position as a fraction of the axis width, 0..1. */
  fraction: number;
}

/**
 * Picks a "nice" tick step (1, 2 or 5 times a power of ten) so that about `targetTicks` ticks cover `rangeMs`.
 *
 * @example
 * niceStep(1000, 5); // 200
 */
export function niceStep(rangeMs: number, targetTicks = 6): number {
  if (!(rangeMs > 0) || !(targetTicks > 0)) return 1;
  const raw = rangeMs / targetTicks;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const unit = raw / power;
  const nice = unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * Ticks from 0 to `rangeMs` at a nice step; the last tick never passes the end of the axis.
 *
 * @example
 * axisTicks(1000, 5).map((t) => t.ms); // [0, 200, 400, 600, 800, 1000]
 */
export function axisTicks(rangeMs: number, targetTicks = 6): AxisTick[] {
  if (!(rangeMs > 0)) return [{ ms: 0, fraction: 0 }];
  const step = niceStep(rangeMs, targetTicks);
  const ticks: AxisTick[] = [];
  // Multiply rather than accumulate so float error does not drift across ticks.
  for (let i = 0; i * step <= rangeMs * (1 + 1e-9); i++) {
    const ms = i * step;
    ticks.push({ ms, fraction: ms / rangeMs });
  }
  return ticks;
}

/** Where a bar sits on the axis, in percent of its width. */
export interface BarPlacement {
  leftPct: number;
  widthPct: number;
}

/**
 * Places a span's bar on an axis of `rangeMs`, clamped to the axis, with a minimum visible width so that
 * zero-length spans still show.
 *
 * @example
 * placeBar(250, 500, 1000); // { leftPct: 25, widthPct: 25 }
 */
export function placeBar(startMs: number, endMs: number, rangeMs: number, minWidthPct = 0.2): BarPlacement {
  if (!(rangeMs > 0)) return { leftPct: 0, widthPct: 100 };
  const left = clamp((startMs / rangeMs) * 100, 0, 100);
  const right = clamp((Math.max(endMs, startMs) / rangeMs) * 100, 0, 100);
  const width = Math.max(right - left, minWidthPct);
  return { leftPct: Math.min(left, 100 - width), widthPct: width };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/**
 * Places a bar on a zoomed axis showing `fromMs..toMs` of the trace; null when the span lies wholly outside it.
 *
 * @example
 * placeBarInWindow(250, 500, { fromMs: 0, toMs: 500 }); // { leftPct: 50, widthPct: 50 }
 */
export function placeBarInWindow(startMs: number, endMs: number, window: { fromMs: number; toMs: number }, minWidthPct = 0.2): BarPlacement | null {
  const range = window.toMs - window.fromMs;
  if (Math.max(endMs, startMs) < window.fromMs || startMs > window.toMs) return null;
  return placeBar(startMs - window.fromMs, endMs - window.fromMs, range, minWidthPct);
}
