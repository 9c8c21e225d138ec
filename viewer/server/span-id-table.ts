/**
 * Where a trace's spans are, by span id, without keeping the ids on the JS heap: an open-addressing table of span
 * ordinals (4 bytes a slot) whose candidates are confirmed against the id in the stored record. A span id is 16 hex
 * digits; keeping those strings in a `Set` would cost ~60 bytes a span, about a quarter of what the span itself takes.
 */
export interface SpanIdTable {
  /** Uint32 slots: 7 bits of hash tag, 25 bits of ordinal + 1 (0 = empty). */
  slots: Uint32Array;
  size: number;
}

/** How the table reads the ids it indexes (from the span store's buffers). */
export interface SpanIdSource {
  /** Whether the span at `ordinal` has id `spanId`. */
  matches(ordinal: number, spanId: string): boolean;
  /** The hash of the id of the span at `ordinal` (same as {@link hashSpanId}); null when it is not indexed. */
  hashAt(ordinal: number): number | null;
}

const ORDINAL_BITS = 25;
const ORDINAL_MASK = (1 << ORDINAL_BITS) - 1;
/** Spans past this many in one trace are not indexed (they could be stored twice if re-sent). */
export const MAX_INDEXED_SPANS = ORDINAL_MASK - 1;

/** Whether a character may stand verbatim in a stored JSON record: printable ASCII without quote or backslash. */
const isPlain = (c: number) => c >= 0x20 && c <= 0x7e && c !== 0x22 && c !== 0x5c;

/**
 * FNV-1a of a span id that is stored verbatim in its JSON record (plain ASCII, see `isPlain`), or -1 for any other
 * id (never seen from OTLP, whose ids are hex; those are indexed elsewhere). One pass: this runs for every span.
 * @example hashSpanId('00f067aa0ba902b7');
 */
export function hashSpanId(spanId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < spanId.length; i++) {
    const c = spanId.charCodeAt(i);
    if (!isPlain(c)) return -1;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The same hash over an id stored in a buffer from `at` up to its closing quote; null when it is escaped there.
 * @example hashStoredSpanId(buf, recordStart + 2);
 */
export function hashStoredSpanId(bytes: Uint8Array, at: number): number | null {
  let h = 0x811c9dc5;
  for (let i = at; ; i++) {
    const c = bytes[i];
    if (c === 0x22) return h >>> 0;
    if (!isPlain(c)) return null;
    h = Math.imul(h ^ c, 0x01000193);
  }
}

const tagOf = (hash: number) => ((hash >>> ORDINAL_BITS) << ORDINAL_BITS) >>> 0;

/**
 * The ordinal of the span with this id, or -1.
 * @example findSpanId(table, id, hashSpanId(id), source);
 */
export function findSpanId(table: SpanIdTable, spanId: string, hash: number, source: SpanIdSource): number {
  const { slots } = table;
  const mask = slots.length - 1;
  const tag = tagOf(hash);
  for (let i = hash & mask; ; i = (i + 1) & mask) {
    const v = slots[i];
    if (v === 0) return -1;
    if (((v & ~ORDINAL_MASK) >>> 0) === tag && source.matches((v & ORDINAL_MASK) - 1, spanId)) return (v & ORDINAL_MASK) - 1;
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
    if (hash === null) continue;
    place(table.slots, hash, ordinal);
    table.size++;
  }
  return table;
}

/**
 * Adds a span (its record must already be readable through `source`); returns a new, bigger table when this one is
 * full, else the same.
 * @example table = addSpanId(table, hashSpanId(id), ordinal, ordinal + 1, source);
 */
export function addSpanId(table: SpanIdTable, hash: number, ordinal: number, count: number, source: SpanIdSource): SpanIdTable {
  if (ordinal >= MAX_INDEXED_SPANS) return table;
  if ((table.size + 1) * 4 > table.slots.length * 3) return buildSpanIdTable(count, source);
  place(table.slots, hash, ordinal);
  table.size++;
  return table;
}
