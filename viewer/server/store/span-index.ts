import { RECORD_HEADER_BYTES, RecordType } from './record-format.js';
import { addSpanId, buildSpanIdTable, findSpanId, type SpanIdSource, type SpanIdTable } from './span-id-table.js';
import type { SpanLog } from './span-log.js';
import type { TraceTable } from './trace-table.js';

/** Offset of a span record's 8-byte span id, and of its parent's. */
export const SPAN_ID_AT = RECORD_HEADER_BYTES + 4;
export const PARENT_ID_AT = RECORD_HEADER_BYTES + 12;

/**
 * Finds a trace's span by id, in three tiers that keep small traces cheap: a 32-bit filter of id hashes in the trace's
 * columns (most lookups, re-sent spans aside, end there), a walk over the trace's records for traces of up to
 * `LINEAR_MAX` spans, and an open-addressing table (`SpanIdTable`) past that. Ids are compared in the records
 * themselves, so the index holds no id strings.
 */
export interface SpanIndex {
  /** The record number of trace `slot`'s span with the 8-byte id at `id[at..]` (its `hashSpanId`: `hash`), or -1. */
  find(slot: number, id: Uint8Array, at: number, hash: number): number;
  /** Indexes span record `n`, just appended as trace `slot`'s latest span (its id's hash: `hash`). */
  add(slot: number, n: number, hash: number): void;
  /** Forgets an evicted trace. */
  evict(slot: number): void;
  /** Heap bytes of the tables (the filter is a trace column, counted with them). */
  bytes(): number;
}

// Up to this many spans a trace finds a span id by walking its records; beyond, through a table.
const LINEAR_MAX = 32;

interface BigTrace {
  /** Record numbers of the trace's spans, by ordinal. */
  spans: number[];
  table: SpanIdTable;
  bytes: number;
}

const tableBytes = (b: BigTrace) => 100 + b.spans.length * 8 + b.table.slots.length * 4;

/** Whether record `n` is a span whose id is the 8 bytes at `id[at..]`. */
function isSpanWithId(record: Buffer, id: Uint8Array, at: number): boolean {
  if (record[4] !== RecordType.span) return false;
  for (let i = 0; i < 8; i++) if (record[SPAN_ID_AT + i] !== id[at + i]) return false;
  return true;
}

/**
 * Creates the index over a log and a trace table.
 * @example
 * const index = createSpanIndex(log, () => table);
 * if (index.find(slot, buf, spanIdAt, hash) >= 0) return; // a re-sent span
 */
export function createSpanIndex(log: SpanLog, traces: () => TraceTable): SpanIndex {
  const big = new Map<number, BigTrace>();
  let bytes = 0;
  let current: number[] = [];
  const source: SpanIdSource = {
    matches: (ordinal, id, at) => isSpanWithId(log.record(current[ordinal]), id, at),
    hashAt(ordinal) {
      const record = log.record(current[ordinal]);
      let h = 0x811c9dc5;
      for (let i = SPAN_ID_AT; i < SPAN_ID_AT + 8; i++) h = Math.imul(h ^ record[i], 0x01000193);
      return h >>> 0;
    },
  };

  return {
    find(slot, id, at, hash) {
      const b = big.get(slot);
      if (b) {
        current = b.spans;
        const ordinal = findSpanId(b.table, id, at, hash, source);
        current = [];
        return ordinal < 0 ? -1 : b.spans[ordinal];
      }
      const c = traces().c;
      if (!(c.idBits[slot] & (1 << (hash & 31)))) return -1;
      for (let n = c.first[slot]; n >= 0; n = log.after(n)) if (isSpanWithId(log.record(n), id, at)) return n;
      return -1;
    },
    add(slot, n, hash) {
      const c = traces().c;
      const b = big.get(slot);
      if (b) {
        b.spans.push(n);
        current = b.spans;
        b.table = addSpanId(b.table, hash, b.spans.length - 1, b.spans.length, source);
        current = [];
        bytes += tableBytes(b) - b.bytes;
        b.bytes = tableBytes(b);
        return;
      }
      c.idBits[slot] |= 1 << (hash & 31);
      if (c.count[slot] <= LINEAR_MAX) return;
      const spans: number[] = [];
      for (let m = c.first[slot]; m >= 0; m = log.after(m)) if (log.record(m)[4] === RecordType.span) spans.push(m);
      current = spans;
      const built: BigTrace = { spans, table: buildSpanIdTable(spans.length, source), bytes: 0 };
      current = [];
      built.bytes = tableBytes(built);
      bytes += built.bytes;
      big.set(slot, built);
    },
    evict(slot) {
      const b = big.get(slot);
      if (!b) return;
      bytes -= b.bytes;
      big.delete(slot);
    },
    bytes: () => bytes,
  };
}
