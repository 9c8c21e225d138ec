/**
 * Per-span bookkeeping of the span store, in typed arrays rather than JS objects: 12 bytes a span, outside the GC'd
 * heap, so a million stored spans add no objects for V8 to trace or to leave behind as garbage when evicted.
 *
 * Spans are numbered in arrival order. The numbers in use form a window `[low, next)` (the store raises `low` when it
 * recycles its oldest buffer). The columns are fixed-size chunks over that window: a chunk wholly below `low` is
 * reused for new numbers, so the window moves without copying and never holds two generations of arrays at once.
 */
export interface SpanRing {
  /** The number the next pushed span gets. */
  readonly next: number;
  /** The lowest span number still in use; raising it frees positions. */
  low: number;
  /** Adds a span (its trace slot and record offset), linked after `previous` of the same trace (-1: first); returns its number. */
  push(trace: number, offset: number, previous: number): number;
  /** Trace slot of span `n`. */
  trace(n: number): number;
  /** Record offset of span `n` in its buffer. */
  offset(n: number): number;
  /** The next span of the same trace after `n`, or -1. */
  after(n: number): number;
  /** Bytes allocated for the columns. */
  bytes(): number;
}

interface Chunk {
  traces: Int32Array;
  offsets: Uint32Array;
  /** Distance to the next span of the same trace (0: none); the window never spans 2^32 numbers. */
  gaps: Uint32Array;
}

/**
 * Creates an empty ring.
 * @example
 * const ring = createSpanRing();
 * const n = ring.push(slot, offset, -1);
 */
export function createSpanRing(chunkSize = 16_384): SpanRing {
  const chunks: Chunk[] = [];
  /** Chunk number of `chunks[0]`: span n is in chunk floor(n / chunkSize). */
  let first = 0;
  let spare: Chunk | null = null;
  let next = 0;
  let low = 0;

  const chunkOf = (n: number) => chunks[Math.floor(n / chunkSize) - first];

  const ring: SpanRing = {
    get next() {
      return next;
    },
    get low() {
      return low;
    },
    set low(value) {
      low = value;
      // Keep one spare: a window that moves steadily then needs no allocation at all.
      while (chunks.length && (first + 1) * chunkSize <= low) {
        spare = chunks.shift()!;
        first++;
      }
    },
    push(trace, offset, previous) {
      const n = next++;
      if (n % chunkSize === 0) {
        if (!chunks.length) first = n / chunkSize;
        chunks.push(spare ?? { traces: new Int32Array(chunkSize), offsets: new Uint32Array(chunkSize), gaps: new Uint32Array(chunkSize) });
        spare = null;
      }
      const chunk = chunkOf(n);
      const at = n % chunkSize;
      chunk.traces[at] = trace;
      chunk.offsets[at] = offset;
      chunk.gaps[at] = 0;
      if (previous >= 0) chunkOf(previous).gaps[previous % chunkSize] = n - previous;
      return n;
    },
    trace: (n) => chunkOf(n).traces[n % chunkSize],
    offset: (n) => chunkOf(n).offsets[n % chunkSize],
    after(n) {
      const gap = chunkOf(n).gaps[n % chunkSize];
      return gap ? n + gap : -1;
    },
    bytes: () => (chunks.length + (spare ? 1 : 0)) * chunkSize * 12,
  };
  return ring;
}
