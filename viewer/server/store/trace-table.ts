/**
 * Per-trace fields of the span store, one typed-array column each, indexed by a slot number that is reused once its
 * trace is evicted. A trace then costs its id string, a map entry and ~90 bytes of columns, instead of an object with
 * a dozen fields and arrays of its own (~900 bytes), and evicting it leaves no garbage behind.
 */
export interface TraceColumns {
  /** Span numbers (see `SpanRing`) of the trace's first and last stored spans. */
  first: Float64Array;
  last: Float64Array;
  count: Uint32Array;
  errors: Uint32Array;
  /** Until a trace has its own span id table: a 32-bit filter of its span id hashes. */
  idBits: Int32Array;
  /** Earliest start and latest end, as Number(ns) (ordering, durations), and the earliest start exactly. */
  start: Float64Array;
  end: Float64Array;
  startExact: BigUint64Array;
  /** The root: earliest parentless span, else the earliest span. Name and service are interned string ids. */
  rootStart: Float64Array;
  rootName: Int32Array;
  rootService: Int32Array;
  rootParentless: Uint8Array;
  /** Interned sets (`IdSets`) of the trace's span names and models. */
  names: Int32Array;
  models: Int32Array;
  /** Session and user ids (interned strings, -1 none): the first a span of the trace named. */
  session: Int32Array;
  user: Int32Array;
  /** Start of the span the session and user were taken from (the earliest-starting span naming one wins). */
  sessionStart: Float64Array;
  userStart: Float64Array;
  /** Log records (GenAI events) stored with the trace. */
  logs: Uint32Array;
  /** Model-call totals, each call counted once (see `llmCallTotals`); recomputed when `dirty`. */
  llmCalls: Uint32Array;
  inputTokens: Float64Array;
  outputTokens: Float64Array;
  cacheReadTokens: Float64Array;
  /** Sum of the priced calls' cost; `unpriced` counts calls with no known price. */
  cost: Float64Array;
  unpriced: Uint32Array;
  dirty: Uint8Array;
}

/** Trace slots: allocation, lookup by trace id, columns. */
export interface TraceTable {
  /** The columns; replaced when the table grows, so read them through this property each time. */
  readonly c: TraceColumns;
  /** Trace id of each slot; undefined when free. */
  readonly ids: ReadonlyArray<string | undefined>;
  readonly size: number;
  slotOf(traceId: string): number | undefined;
  /** A fresh slot for a new trace, its columns reset. */
  open(traceId: string): number;
  close(slot: number): void;
  /** Bytes allocated for the columns. */
  bytes(): number;
}

type ColumnType = Float64ArrayConstructor | Uint32ArrayConstructor | Int32ArrayConstructor | BigUint64ArrayConstructor | Uint8ArrayConstructor;

const COLUMNS: Record<keyof TraceColumns, ColumnType> = {
  first: Float64Array,
  last: Float64Array,
  count: Uint32Array,
  errors: Uint32Array,
  idBits: Int32Array,
  start: Float64Array,
  end: Float64Array,
  startExact: BigUint64Array,
  rootStart: Float64Array,
  rootName: Int32Array,
  rootService: Int32Array,
  rootParentless: Uint8Array,
  names: Int32Array,
  models: Int32Array,
  session: Int32Array,
  user: Int32Array,
  sessionStart: Float64Array,
  userStart: Float64Array,
  logs: Uint32Array,
  llmCalls: Uint32Array,
  inputTokens: Float64Array,
  outputTokens: Float64Array,
  cacheReadTokens: Float64Array,
  cost: Float64Array,
  unpriced: Uint32Array,
  dirty: Uint8Array,
};
const BYTES_PER_SLOT = Object.values(COLUMNS).reduce((sum, type) => sum + type.BYTES_PER_ELEMENT, 0);

function allocate(capacity: number, from?: TraceColumns): TraceColumns {
  const out = {} as Record<keyof TraceColumns, unknown>;
  for (const [name, type] of Object.entries(COLUMNS) as Array<[keyof TraceColumns, ColumnType]>) {
    const column = new type(capacity);
    if (from) column.set(from[name] as never);
    out[name] = column;
  }
  return out as TraceColumns;
}

/**
 * Creates an empty trace table.
 * @example
 * const table = createTraceTable();
 * const slot = table.open(traceId);
 * table.c.count[slot]++;
 */
export function createTraceTable(initialCapacity = 256): TraceTable {
  let capacity = initialCapacity;
  let c = allocate(capacity);
  const ids: Array<string | undefined> = [];
  const bySlot = new Map<string, number>();
  const free: number[] = [];
  return {
    get c() {
      return c;
    },
    ids,
    get size() {
      return bySlot.size;
    },
    slotOf: (traceId) => bySlot.get(traceId),
    open(traceId) {
      let slot = free.pop();
      if (slot === undefined) {
        slot = ids.length;
        if (slot >= capacity) {
          capacity = Math.ceil(capacity * 1.5);
          c = allocate(capacity, c);
        }
      }
      ids[slot] = traceId;
      bySlot.set(traceId, slot);
      c.first[slot] = -1;
      c.last[slot] = -1;
      c.count[slot] = 0;
      c.errors[slot] = 0;
      c.idBits[slot] = 0;
      c.start[slot] = Infinity;
      c.end[slot] = -Infinity;
      c.startExact[slot] = 0n;
      c.rootStart[slot] = Infinity;
      c.rootName[slot] = -1;
      c.rootService[slot] = -1;
      c.rootParentless[slot] = 0;
      c.names[slot] = 0;
      c.models[slot] = 0;
      c.session[slot] = -1;
      c.user[slot] = -1;
      c.sessionStart[slot] = Infinity;
      c.userStart[slot] = Infinity;
      c.logs[slot] = 0;
      c.llmCalls[slot] = 0;
      c.inputTokens[slot] = 0;
      c.outputTokens[slot] = 0;
      c.cacheReadTokens[slot] = 0;
      c.cost[slot] = 0;
      c.unpriced[slot] = 0;
      c.dirty[slot] = 0;
      return slot;
    },
    close(slot) {
      const traceId = ids[slot];
      if (traceId === undefined) return;
      bySlot.delete(traceId);
      ids[slot] = undefined;
      free.push(slot);
    },
    bytes: () => capacity * BYTES_PER_SLOT,
  };
}
