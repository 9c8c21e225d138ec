/** The slice of a fixed-row-height list to render. */
export interface VirtualWindow {
  /** First row index to render (inclusive). */
  start: number;
  /** Last row index to render (exclusive). */
  end: number;
  /** Pixel offset of row `start` from the top of the list. */
  offsetPx: number;
  /** Height of the whole list, in px, for the scroll spacer. */
  totalPx: number;
}

/**
 * Computes which rows of a fixed-row-height list are visible in a viewport, plus `overscan` rows either side, so
 * only those are in the DOM however long the list is.
 *
 * @example
 * virtualWindow({ count: 10_000, rowHeight: 28, scrollTop: 2800, viewportHeight: 560 });
 * // { start: 90, end: 131, offsetPx: 2520, totalPx: 280000 }
 */
export function virtualWindow(opts: {
  count: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
  overscan?: number;
}): VirtualWindow {
  const { count, rowHeight } = opts;
  const overscan = opts.overscan ?? 10;
  const totalPx = count * rowHeight;
  const top = Math.max(0, Math.min(opts.scrollTop, Math.max(0, totalPx - opts.viewportHeight)));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(opts.viewportHeight, 0) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, first + visible + overscan);
  return { start, end, offsetPx: start * rowHeight, totalPx };
}

/**
 * The scrollTop that brings row `index` fully into view, or the current one if it already is.
 *
 * @example
 * scrollTopToReveal({ index: 50, rowHeight: 28, scrollTop: 0, viewportHeight: 280 }); // 1148
 */
export function scrollTopToReveal(opts: {
  index: number;
  rowHeight: number;
  scrollTop: number;
  viewportHeight: number;
}): number {
  const rowTop = opts.index * opts.rowHeight;
  const rowBottom = rowTop + opts.rowHeight;
  if (rowTop < opts.scrollTop) return rowTop;
  if (rowBottom > opts.scrollTop + opts.viewportHeight) return rowBottom - opts.viewportHeight;
  return opts.scrollTop;
}
