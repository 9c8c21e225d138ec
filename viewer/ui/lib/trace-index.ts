import type { TraceSummary } from '../../shared/api-types.js';
import { nanoToMs } from './nano-time.js';

/** An ordered set of trace summaries, newest first, updated in O(log n + move) per trace. */
export interface TraceIndex {
  /** Summaries newest first. Mutated in place: read it after each change, do not keep a copy. */
  readonly items: readonly TraceSummary[];
  get(traceId: string): TraceSummary | undefined;
  has(traceId: string): boolean;
  /** Inserts or replaces a summary, keeping the order. */
  upsert(summary: TraceSummary): void;
  remove(traceId: string): void;
  clear(): void;
  /** Replaces the whole content (one sort, for a resync). */
  reset(summaries: readonly TraceSummary[]): void;
  /** Position of a trace in `items`, or -1. */
  indexOf(traceId: string): number;
}

/**
 * Creates an empty {@link TraceIndex}. Live updates touch only the traces in a batch (binary search plus one splice),
 * so a batch's cost does not grow with a sort of the whole store.
 *
 * @example
 * const index = createTraceIndex();
 * index.upsert(summary);
 * index.items[0]; // the newest trace
 */
export function createTraceIndex(): TraceIndex {
  const items: TraceSummary[] = [];
  const byId = new Map<string, TraceSummary>();
  const keyOf = new Map<string, number>();

  // Newest first; ties broken by id so the order is total and positions can be found by binary search.
  const before = (aKey: number, aId: string, bKey: number, bId: string) => aKey > bKey || (aKey === bKey && aId < bId);

  function position(key: number, id: string): number {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = items[mid];
      if (before(keyOf.get(m.traceId)!, m.traceId, key, id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function indexOf(traceId: string): number {
    const key = keyOf.get(traceId);
    if (key === undefined) return -1;
    const i = position(key, traceId);
    return items[i]?.traceId === traceId ? i : -1;
  }

  function remove(traceId: string): void {
    const i = indexOf(traceId);
    if (i >= 0) items.splice(i, 1);
    byId.delete(traceId);
    keyOf.delete(traceId);
  }

  return {
    items,
    get: (id) => byId.get(id),
    has: (id) => byId.has(id),
    indexOf,
    remove,
    upsert(summary) {
      const key = nanoToMs(summary.startTimeUnixNano);
      const oldKey = keyOf.get(summary.traceId);
      if (oldKey === key) {
        items[indexOf(summary.traceId)] = summary;
        byId.set(summary.traceId, summary);
        return;
      }
      if (oldKey !== undefined) remove(summary.traceId);
      items.splice(position(key, summary.traceId), 0, summary);
      byId.set(summary.traceId, summary);
      keyOf.set(summary.traceId, key);
    },
    clear() {
      items.length = 0;
      byId.clear();
      keyOf.clear();
    },
    reset(summaries) {
      items.length = 0;
      byId.clear();
      keyOf.clear();
      for (const s of summaries) {
        if (byId.has(s.traceId)) continue;
        byId.set(s.traceId, s);
        keyOf.set(s.traceId, nanoToMs(s.startTimeUnixNano));
        items.push(s);
      }
      // Already-ordered input (the server sends newest first) sorts in linear time.
      items.sort((a, b) => {
        const ka = keyOf.get(a.traceId)!;
        const kb = keyOf.get(b.traceId)!;
        return before(ka, a.traceId, kb, b.traceId) ? -1 : before(kb, b.traceId, ka, a.traceId) ? 1 : 0;
      });
    },
  };
}
