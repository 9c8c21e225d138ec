/**
 * Where a trace's spans are, by span id, without keeping the ids on the JS heap: an open-addressing table of span
 * ordinals (4 bytes a slot) whose candidates are confirmed against the id in the stored record. Keeping the ids as
 * strings in a `Set` would cost ~60 bytes a span.
 */
export interface SpanIdTable {
  /** Uint32 slots: 7 bits of hash tag, 25 bits of ordinal + 1 (0 = empty). */
  slots: Uint32Array;
  size: number;
}

/** How the table reads the ids it indexes (from the span store's records). */
export interface SpanIdSource {
  /** Whether the span at `ordinal` has the 8-byte id at `id[at..at+8)`. */
  matches(ordinal: number, id: Uint8Array, at: number): boolean;
  /** The hash of the id of the span at `ordinal` (see {@link hashSpanId}). */
  hashAt(ordinal: number): number;
}

const ORDINAL_BITS = 25;
const ORDINAL_MASK = (1 << ORDINAL_BITS) - 1;
/** Spans past this many in one trace are not indexed (they could be stored twice if re-sent). */
export const MAX_INDEXED_SPANS = ORDINAL_MASK - 1;

/**
 * FNV-1a of an 8-byte span id at `bytes[at..at+8)`. One pass over 8 bytes: this runs for every span.
 * @example hashSpanId(buf, spanIdAt);
 */
export function hashSpanId(bytes: Uint8Array, at: number): number {
  let h = 0x811c9dc5;
  for (let i = at; i < at + 8; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

const tagOf = (hash: number) => ((hash >>> ORDINAL_BITS) << ORDINAL_BITS) >>> 0;

/**
 * The ordinal of the span with the 8-byte id at `id[at..]`, or -1.
 * @example findSpanId(table, buf, at, hashSpanId(buf, at), source);
 */
export function findSpanId(table: SpanIdTable, id: Uint8Array, at: number, hash: number, source: SpanIdSource): number {
  const { slots } = table;
  const mask = slots.length - 1;
  const tag = tagOf(hash);
  for (let i = hash & mask; ; i = (i + 1) & mask) {
    const v = slots[i];
    if (v === 0) return -1;
    if (((v & ~ORDINAL_MASK) >>> 0) === tag && source.matches((v & ORDINAL_MASK) - 1, id, at)) return (v & ORDINAL_MASK) - 1;
  }
}

function place(slots: Uint32Array, hash: number, ordinal: number): void {
  const mask = slots.length - 1;
  let i = hash & mask;
  while (slots[i] !== 0) i = (i + 1) & mask;
  slots[i] = (tagOf(hash) | (ordinal + 1)) >>> 0;
}

/**
 * Builds a table over ordinals `0..count-1` with room to grow (load kept under 3/4).
 * @example const table = buildSpanIdTable(33, source);
 */
export function buildSpanIdTable(count: number, source: SpanIdSource): SpanIdTable {
  let capacity = 64;
  while (capacity * 3 < (count + 1) * 4) capacity *= 2;
  const table: SpanIdTable = { slots: new Uint32Array(capacity), size: 0 };
  for (let ordinal = 0; ordinal < Math.min(count, MAX_INDEXED_SPANS); ordinal++) {
    const hash = source.hashAt(ordinal);
    place(table.slots, hash, ordinal);
    table.size++;
  }
  return table;
}

/**
 * Adds a span (its record must already be readable through `source`); returns a new, bigger table when this one is
 * full, else the same.
 * @example table = addSpanId(table, hash, ordinal, ordinal + 1, source);
 */
export function addSpanId(table: SpanIdTable, hash: number, ordinal: number, count: number, source: SpanIdSource): SpanIdTable {
  if (ordinal >= MAX_INDEXED_SPANS) return table;
  if ((table.size + 1) * 4 > table.slots.length * 3) return buildSpanIdTable(count, source);
  place(table.slots, hash, ordinal);
  table.size++;
  return table;
}
