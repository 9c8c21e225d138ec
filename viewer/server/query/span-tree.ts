import type { StoredSpan } from '../../shared/api-types.js';

/** A span in tree order with its depth. */
export interface TreeRow {
  span: StoredSpan;
  depth: number;
}

const byStart = (a: StoredSpan, b: StoredSpan) => {
  const x = BigInt(a.startTimeUnixNano);
  const y = BigInt(b.startTimeUnixNano);
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * A trace's spans in depth-first tree order (children by start time). Spans whose parent is not in the trace are
 * roots; a malformed parent cycle is broken, never looped. Iterative, so a 10,000-deep chain cannot overflow.
 * @example spanTreeRows(spans).map((r) => '  '.repeat(r.depth) + r.span.name)
 */
export function spanTreeRows(spans: readonly StoredSpan[]): TreeRow[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, StoredSpan[]>();
  const roots: StoredSpan[] = [];
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      let list = children.get(s.parentSpanId);
      if (!list) children.set(s.parentSpanId, (list = []));
      list.push(s);
    } else roots.push(s);
  }
  const rows: TreeRow[] = [];
  const done = new Set<StoredSpan>();
  const walk = (start: StoredSpan[]) => {
    const stack: TreeRow[] = [...start].sort(byStart).reverse().map((span) => ({ span, depth: 0 }));
    while (stack.length) {
      const row = stack.pop()!;
      if (done.has(row.span)) continue;
      done.add(row.span);
      rows.push(row);
      const kids = children.get(row.span.spanId);
      if (kids) for (const k of [...kids].sort(byStart).reverse()) stack.push({ span: k, depth: row.depth + 1 });
    }
  };
  walk(roots);
  // Spans only reachable through a cycle: shown as roots rather than lost.
  if (done.size < spans.length) walk(spans.filter((s) => !done.has(s)));
  return rows;
}
