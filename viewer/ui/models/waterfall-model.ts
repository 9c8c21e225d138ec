import { signal, type ReadonlySignal } from '@preact/signals';

/** The part of the trace's time axis in view, in ms from the trace start. */
export interface ZoomWindow {
  fromMs: number;
  toMs: number;
}

/** Zoom and column layout of the waterfall. */
export interface WaterfallModel {
  /** Null: the whole trace fits the width. */
  zoom: ReadonlySignal<ZoomWindow | null>;
  /** Width of the name column, in px. */
  labelWidth: ReadonlySignal<number>;
  setLabelWidth(px: number): void;
  /** Zooms by `factor` (> 1 in, < 1 out) around `atFraction` of the visible window (0..1, default the middle). */
  zoomBy(factor: number, durationMs: number, atFraction?: number): void;
  /** Shows `fromMs..toMs` (e.g. one span), with a little room either side. */
  zoomTo(fromMs: number, toMs: number, durationMs: number): void;
  /** Moves the window by `fraction` of its width (negative: earlier). */
  pan(fraction: number, durationMs: number): void;
  reset(): void;
}

/** Where the label width is remembered across reloads (a `Storage`-like object; none in tests). */
export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const LABEL_KEY = 'tracelight.waterfall.labelWidth';
export const MIN_LABEL_WIDTH = 140;
export const MAX_LABEL_WIDTH = 900;
/** The deepest zoom: a window of 1 µs, or 1/100,000 of the trace. */
const MIN_WINDOW_MS = 0.001;

/**
 * Creates the waterfall's view state. The zoom is a window on the trace's time axis; it is clamped to the trace
 * and resets when another trace opens (the viewer model calls `reset`).
 *
 * @example
 * const wf = createWaterfallModel(localStorage);
 * wf.zoomBy(2, tree.durationMs);   // the middle half of the trace
 * wf.zoom.value;                   // { fromMs: 250, toMs: 750 } for a 1 s trace
 */
export function createWaterfallModel(storage?: PrefsStorage | null): WaterfallModel {
  const stored = Number(safeGet(storage, LABEL_KEY));
  const labelWidth = signal(Number.isFinite(stored) && stored >= MIN_LABEL_WIDTH ? Math.min(stored, MAX_LABEL_WIDTH) : 360);
  const zoom = signal<ZoomWindow | null>(null);

  const set = (fromMs: number, toMs: number, durationMs: number) => {
    if (!(durationMs > 0)) return void (zoom.value = null);
    const width = Math.max(Math.min(toMs - fromMs, durationMs), Math.max(MIN_WINDOW_MS, durationMs / 100_000));
    if (width >= durationMs) return void (zoom.value = null);
    const from = Math.min(Math.max(0, fromMs), durationMs - width);
    zoom.value = { fromMs: from, toMs: from + width };
  };
  const current = (durationMs: number) => zoom.peek() ?? { fromMs: 0, toMs: durationMs };

  return {
    zoom,
    labelWidth,
    setLabelWidth(px) {
      const width = Math.round(Math.min(MAX_LABEL_WIDTH, Math.max(MIN_LABEL_WIDTH, px)));
      labelWidth.value = width;
      try {
        storage?.setItem(LABEL_KEY, String(width));
      } catch {
        // Storage full or denied: the width still applies to this page.
      }
    },
    zoomBy(factor, durationMs, atFraction = 0.5) {
      const w = current(durationMs);
      const span = w.toMs - w.fromMs;
      const at = w.fromMs + span * Math.min(1, Math.max(0, atFraction));
      const next = span / factor;
      set(at - next * atFraction, at - next * atFraction + next, durationMs);
    },
    zoomTo(fromMs, toMs, durationMs) {
      const margin = Math.max((toMs - fromMs) * 0.05, durationMs / 200_000);
      set(fromMs - margin, toMs + margin, durationMs);
    },
    pan(fraction, durationMs) {
      const w = zoom.peek();
      if (!w) return;
      const shift = (w.toMs - w.fromMs) * fraction;
      set(w.fromMs + shift, w.toMs + shift, durationMs);
    },
    reset() {
      zoom.value = null;
    },
  };
}

function safeGet(storage: PrefsStorage | null | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
