import { createSpanRing } from './span-ring.js';

/**
 * The store's records in arrival order: numbered 0, 1, 2 ... and kept in fixed-size buffers ("slabs") outside the JS
 * heap, with each record's trace and the next record of the same trace in typed-array columns (`SpanRing`). Memory
 * is the slabs themselves, so the budget is exact and eviction leaves nothing for the GC: the oldest slab is recycled
 * whole, and the store evicts every trace that had a record in it.
 */
export interface SpanLog {
  /** The number the next record gets. */
  readonly next: number;
  /** The lowest record number still held (records below were in recycled slabs). */
  readonly low: number;
  /** Slabs held. */
  readonly slabCount: number;
  /** Whether a record of `size` bytes fits the current slab. */
  fits(size: number): boolean;
  /** Bytes that opening a slab for a record of `size` bytes would add (0 when a recycled buffer is reused). */
  openCost(size: number): number;
  /**
   * Frees the oldest slab after showing `visit` each record it held, oldest first. With `keepBuffer` its buffer is
   * kept for the next `openSlab` (use it when a slab is opened right after), else left to the GC.
   */
  recycleOldest(keepBuffer: boolean, visit: (n: number, record: Buffer) => void): void;
  /** Starts a new slab with room for at least `size` bytes. */
  openSlab(size: number): void;
  /** Appends a record of `size` bytes to the current slab (which must fit it); returns its number and where to write it. */
  append(trace: number, previous: number, size: number): { n: number; buf: Buffer; at: number };
  /** The bytes of record `n` (a view into its slab: copy what you keep past the next append). */
  record(n: number): Buffer;
  /** The trace slot record `n` was appended for. */
  trace(n: number): number;
  /** The next record of the same trace after `n`, or -1. */
  after(n: number): number;
  /** The runs of bytes holding records `[from, to)`, in order (a run ends where a slab does). */
  runs(from: number, to: number): Buffer[];
  /** Bytes of the slabs plus the ring's columns. */
  bytes(): number;
}

interface Slab {
  buf: Buffer;
  used: number;
  /** Number of its first record; it holds `[firstRecord, next slab's firstRecord)`. */
  firstRecord: number;
}

/**
 * Creates an empty log.
 * @example
 * const log = createSpanLog(4 * 1024 * 1024, 16_384);
 * if (!log.fits(size)) log.openSlab(size);
 * const { n, buf, at } = log.append(slot, -1, size);
 */
export function createSpanLog(slabBytes: number, ringChunk: number): SpanLog {
  const ring = createSpanRing(ringChunk);
  const slabs: Slab[] = [];
  let slabTotal = 0;
  let spare: Buffer | null = null;
  let lastSlab = -1;

  /** Index of the slab holding record `n` (slabs hold consecutive numbers). */
  function slabIndexOf(n: number): number {
    if (lastSlab >= 0 && lastSlab < slabs.length && slabs[lastSlab].firstRecord <= n && (lastSlab + 1 === slabs.length || slabs[lastSlab + 1].firstRecord > n)) {
      return lastSlab;
    }
    let lo = 0;
    let hi = slabs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (slabs[mid].firstRecord <= n) lo = mid;
      else hi = mid - 1;
    }
    lastSlab = lo;
    return lo;
  }

  function endOf(i: number, n: number): number {
    const nextInSlab = n + 1 < (i + 1 < slabs.length ? slabs[i + 1].firstRecord : ring.next);
    return nextInSlab ? ring.offset(n + 1) : slabs[i].used;
  }

  return {
    get next() {
      return ring.next;
    },
    get low() {
      return ring.low;
    },
    get slabCount() {
      return slabs.length;
    },
    fits(size) {
      const current = slabs[slabs.length - 1];
      return !!current && current.used + size <= current.buf.length;
    },
    openCost(size) {
      const want = Math.max(slabBytes, size);
      if (want === slabBytes && spare) return 0;
      return want - (spare ? spare.length : 0); // a spare that cannot be used is let go
    },
    recycleOldest(keepBuffer, visit) {
      const oldest = slabs[0];
      const to = slabs.length > 1 ? slabs[1].firstRecord : ring.next;
      for (let n = oldest.firstRecord; n < to; n++) visit(n, oldest.buf.subarray(ring.offset(n), endOf(0, n)));
      slabs.shift();
      slabTotal -= oldest.buf.length;
      ring.low = to;
      spare = keepBuffer && oldest.buf.length === slabBytes ? oldest.buf : null;
      lastSlab = -1;
    },
    openSlab(size) {
      const want = Math.max(slabBytes, size);
      const buf = want === slabBytes && spare ? spare : Buffer.allocUnsafeSlow(want);
      spare = null;
      slabs.push({ buf, used: 0, firstRecord: ring.next });
      slabTotal += buf.length;
    },
    append(trace, previous, size) {
      const slab = slabs[slabs.length - 1];
      const at = slab.used;
      const n = ring.push(trace, at, previous);
      slab.used += size;
      return { n, buf: slab.buf, at };
    },
    record(n) {
      const i = slabIndexOf(n);
      return slabs[i].buf.subarray(ring.offset(n), endOf(i, n));
    },
    trace: (n) => ring.trace(n),
    after: (n) => ring.after(n),
    runs(from, to) {
      const out: Buffer[] = [];
      for (let n = Math.max(from, ring.low); n < to; ) {
        const i = slabIndexOf(n);
        const slabEnd = i + 1 < slabs.length ? slabs[i + 1].firstRecord : ring.next;
        const last = Math.min(to, slabEnd) - 1;
        out.push(slabs[i].buf.subarray(ring.offset(n), endOf(i, last)));
        n = last + 1;
      }
      return out;
    },
    bytes: () => slabTotal + (spare ? spare.length : 0) + ring.bytes(),
  };
}
