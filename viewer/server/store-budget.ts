/** What a process memory budget leaves for the span store. */
export interface StoreBudget {
  /** Bytes the span store may use. */
  storeBytes: number;
  /** Bytes set aside for the process itself: its size at start plus working room for ingest. */
  reservedBytes: number;
  /** Set when the budget is too small to honour: the process will use more than it. */
  warning?: string;
}

/**
 * Working room for ingest on top of the process's size at start, sized from repeated `npm run bench` runs (one
 * million spans at ~120,000 spans/s, which end 25-37 MB under the budget with this much): V8's young generation grows
 * to 32 MB (two 16 MB semi-spaces), and garbage that only a full GC returns (decoded batches on the heap, socket read
 * buffers outside it, which V8 lets pile up to 64 MB before it collects, and the malloc arenas they leave) adds more.
 * Node offers no way to tighten these from inside a running process (V8 and glibc read their settings at start), so
 * the store leaves room instead.
 */
export const INGEST_HEADROOM_BYTES = 72 * 1024 * 1024;

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/**
 * Splits `--max-memory` (the whole viewer process's budget, so resident memory stays within what the user asked
 * for) into the span store's share and what the process needs anyway. The store never gets less than a quarter of
 * the budget; a budget below the process's own needs gets a warning instead of a store too small to be useful.
 * @example
 * const { storeBytes } = storeBudget(256 * 1024 * 1024, process.memoryUsage().rss);
 */
export function storeBudget(processBytes: number, startupRssBytes: number): StoreBudget {
  const reservedBytes = startupRssBytes + INGEST_HEADROOM_BYTES;
  const floor = Math.floor(processBytes / 4);
  if (processBytes - reservedBytes >= floor) return { storeBytes: processBytes - reservedBytes, reservedBytes };
  return {
    storeBytes: floor,
    reservedBytes,
    warning:
      `--max-memory ${mb(processBytes)} is less than the viewer needs for itself (~${mb(reservedBytes)}) plus its span store; ` +
      `the store gets ${mb(floor)} and the process will use more than ${mb(processBytes)}`,
  };
}
