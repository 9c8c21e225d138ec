import type { StoredSpan } from '../../shared/api-types.js';
import { compareNano, nanoDiffMs } from './nano-time.js';

/** One row of the flattened waterfall: a span, its depth in the tree and its place on the trace's time axis. */
export interface SpanRow {
  span: StoredSpan;
  depth: number;
  /** Offset of the span's start from the trace start, in ms. */
  startMs: number;
  /** Offset of the span's end from the trace start, in ms. */
  endMs: number;
  childCount: number;
  /** True when the span names a parent that is not (yet) in the trace; it is shown at the root. */
  orphan: boolean;
}

/** A trace's spans as a tree, flattened in display order (depth first, children by start time). */
export interface SpanTree {
  /** Every span in depth-first order, ignoring collapsed nodes. */
  rows: SpanRow[];
  /** Earliest span start, as a `...UnixNano` string ('0' when empty). */
  startNano: string;
  /** Duration from the earliest start to the latest end, in ms. */
  durationMs: number;
  /** Row index by span id, for deep links and keyboard navigation. */
  indexById: Map<string, number>;
}

/**
 * Builds the parent/child tree of a trace's spans and flattens it for the waterfall. Spans whose parent is missing
 * become roots (marked `orphan`), children sort by start time, and cycles in bad data cannot hang the walk.
 * Subtrees of span ids in `collapsed` are left out of `rows`. O(n log n) in the number of spans.
 *
 * @example
 * const tree = buildSpanTree(trace.spans);
 * tree.rows.map((r) => `${'  '.repeat(r.depth)}${r.span.name}`);
 */
export function buildSpanTree(spans: readonly StoredSpan[], collapsed: ReadonlySet<string> = new Set()): SpanTree {
  const byId = new Map<string, StoredSpan>();
  for (const s of spans) byId.set(s.spanId, s);

  const children = new Map<string, StoredSpan[]>();
  const roots: StoredSpan[] = [];
  for (const s of byId.values()) {
    const parent = s.parentSpanId;
    if (parent && parent !== s.spanId && byId.has(parent)) {
      let list = children.get(parent);
      if (!list) children.set(parent, (list = []));
      list.push(s);
    } else {
      roots.push(s);
    }
  }

  let startNano = '0';
  let endNano = '0';
  for (const s of byId.values()) {
    if (startNano === '0' || compareNano(s.startTimeUnixNano, startNano) < 0) startNano = s.startTimeUnixNano;
    const end = compareNano(s.endTimeUnixNano, s.startTimeUnixNano) > 0 ? s.endTimeUnixNano : s.startTimeUnixNano;
    if (compareNano(end, endNano) > 0) endNano = end;
  }
  const byStart = (a: StoredSpan, b: StoredSpan) =>
    compareNano(a.startTimeUnixNano, b.startTimeUnixNano) || (a.spanId < b.spanId ? -1 : 1);
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  const rows: SpanRow[] = [];
  const indexById = new Map<string, number>();
  const visited = new Set<string>();
  // Iterative depth-first walk: a 10,000-deep chain must not overflow the call stack.
  // Hidden (collapsed) subtrees are still walked, so that "never visited" below means "only reachable via a cycle".
  const stack: Array<{ span: StoredSpan; depth: number; hidden: boolean }> = [];
  const walk = (root: StoredSpan) => {
    stack.push({ span: root, depth: 0, hidden: false });
    while (stack.length) {
      const { span, depth, hidden } = stack.pop()!;
      if (visited.has(span.spanId)) continue;
      visited.add(span.spanId);
      const kids = children.get(span.spanId) ?? [];
      if (!hidden) {
        indexById.set(span.spanId, rows.length);
        const startMs = nanoDiffMs(startNano, span.startTimeUnixNano);
        rows.push({
          span,
          depth,
          startMs,
          endMs: Math.max(nanoDiffMs(startNano, span.endTimeUnixNano), startMs),
          childCount: kids.length,
          orphan: depth === 0 && !!span.parentSpanId && span.parentSpanId !== span.spanId && !byId.has(span.parentSpanId),
        });
      }
      const hideKids = hidden || collapsed.has(span.spanId);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: depth + 1, hidden: hideKids });
    }
  };
  for (const root of roots) walk(root);
  // Spans only reachable through a parent cycle were never visited: show them at the root rather than lose them.
  for (const s of byId.values()) if (!visited.has(s.spanId)) walk(s);

  return { rows, startNano, durationMs: byId.size ? nanoDiffMs(startNano, endNano) : 0, indexById };
}
