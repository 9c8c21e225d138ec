import type { Attributes, SpanEvent, SpanKindNumber, SpanLink, SpanStatus, StoredSpan, TraceSummary } from '../shared/api-types.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from '../shared/model-prices.js';
import { isModelCall, wrappingCalls } from '../shared/llm-call-totals.js';
import { safeNormalize } from './to-stored-spans.js';
import { addSpanId, buildSpanIdTable, findSpanId, type SpanIdSource, type SpanIdTable } from './span-id-table.js';

/** What the store tells its subscribers. */
export type StoreEvent =
  | { type: 'spans'; spans: StoredSpan[]; traceIds: string[] }
  | { type: 'evicted'; traceIds: string[] }
  | { type: 'cleared' };

/** Filters of `GET /api/traces`. */
export interface TraceFilter {
  q?: string;
  model?: string;
  service?: string;
  errorsOnly?: boolean;
  limit?: number;
}

/** The in-memory span store. */
export interface SpanStore {
  /**
   * Adds spans. A span sent again (same trace and span id: an exporter retrying a batch that did arrive) is ignored:
   * the first copy wins, stored and counted once. Spans are immutable once ended, so a retry carries the same data;
   * keeping the first costs nothing (no bytes, no live message) and never has to undo the trace's aggregates.
   */
  add(spans: StoredSpan[]): void;
  /** Trace summaries, newest (by arrival) first. */
  listTraces(filter?: TraceFilter): TraceSummary[];
  getSummary(traceId: string): TraceSummary | null;
  /** A trace's spans by start time, with `genAi` views; null when unknown or evicted. */
  getTrace(traceId: string): StoredSpan[] | null;
  clear(): void;
  subscribe(listener: (event: StoreEvent) => void): () => void;
  stats(): { traces: number; spans: number; bytes: number; maxBytes: number; droppedSpans: number };
  /** Every stored span, oldest trace first (for persistence). */
  spans(): Iterable<StoredSpan>;
}

/** Options of `createSpanStore`. */
export interface SpanStoreOptions {
  /** Memory budget in bytes: span records plus the per-trace index. */
  maxBytes: number;
  /** Prices for the `genAi` cost when spans are read back. */
  prices?: PriceTable;
}

interface Slab {
  seq: number;
  buf: Buffer;
  used: number;
  traces: Set<TraceEntry>;
}

interface LlmCall {
  spanId: string;
  parentSpanId: string | null;
  input: number;
  output: number;
}

interface TraceEntry {
  traceId: string;
  /** Triples: slab seq, offset, length; a span's ordinal is its position here. */
  refs: number[];
  count: number;
  /** Span id -> ordinal, once the trace has more spans than a linear scan suits. */
  ids: SpanIdTable | null;
  /** Until then, a 32-bit filter of the id hashes, so a new id rarely scans at all. */
  idBits: number;
  /** Ids that are not stored verbatim in their record (not printable ASCII; never seen from OTLP). */
  odd: Map<string, number> | null;
  indexBytes: number;
  start: number;
  startText: string;
  end: number;
  errorCount: number;
  rootName: string;
  rootService: string;
  rootStart: number;
  rootIsParentless: boolean;
  models: string[];
  names: string[];
  /** Model calls: { spanId, parentSpanId, input and output tokens } (counted once per nested call). */
  llm: LlmCall[];
}

/**
 * The compact record a span is stored as, a JSON array (no property names):
 * [spanId, parentSpanId | 0, name, kind, start, duration, attributes, resource, status?, events?, links?].
 * Trace id, resource and scope are kept once, outside; names and attribute keys are numbers into a shared table
 * (attributes are [key, value, key, value ...]); the end time is a duration when exact; trailing defaults are cut.
 */
type Packed = Array<number | string | Attributes[string]>;
type SpanRecord = [
  s: string,
  p: string | 0,
  n: number | string,
  k: SpanKindNumber,
  b: string,
  d: number | string,
  a: Packed,
  r: number,
  st?: SpanStatus | 0,
  ev?: SpanEvent[] | 0,
  l?: SpanLink[],
];

// Distinct attribute keys are few in practice; past this many (a sender inventing keys), keys are stored inline.
const MAX_KEYS = 100_000;

function matches(entry: TraceEntry, q: string): boolean {
  if (entry.traceId.includes(q) || entry.rootService.toLowerCase().includes(q)) return true;
  return entry.names.some((n) => n.toLowerCase().includes(q)) || entry.models.some((m) => m.toLowerCase().includes(q));
}

// Up to this many spans a trace finds a span id by scanning its records; beyond, through a table.
const LINEAR_MAX = 32;
const tableBytes = (t: SpanIdTable | null) => (t ? t.slots.length * 4 + 100 : 0);

/**
 * `hashSpanId(id)` when the id is stored verbatim in its record (`["<id>",...`: printable ASCII without quote or
 * backslash), else -1. One pass: this runs for every span ingested.
 */
function plainIdHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return -1;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

const TRACE_OVERHEAD = 900; // entry object, map and order slots, small arrays (measured ~850 with --expose-gc)
const REF_BYTES = 3 * 8;

/** `wrappers`: model calls with a model call below them (AI SDK call -> ... -> HTTP call), the same call: skipped. */
function summarize(entry: TraceEntry, wrappers: ReadonlySet<string>): TraceSummary {
  let inputTokens = 0;
  let outputTokens = 0;
  for (const call of entry.llm) {
    if (wrappers.has(call.spanId)) continue;
    inputTokens += call.input;
    outputTokens += call.output;
  }
  const summary: TraceSummary = {
    traceId: entry.traceId,
    name: entry.rootName,
    serviceName: entry.rootService,
    startTimeUnixNano: entry.startText,
    durationMs: entry.end >= entry.start ? Math.round((entry.end - entry.start) / 1e3) / 1e3 : 0,
    spanCount: entry.count,
    errorCount: entry.errorCount,
    inputTokens,
    outputTokens,
    models: [...entry.models],
  };
  return summary;
}

/**
 * Creates the span store (DESIGN convention 10). Spans are kept as compact JSON records in a ring of fixed-size
 * buffers outside the JS heap: memory is bounded by the byte budget itself (no estimate drift, no GC garbage from
 * evicted spans), and when the budget is reached the oldest buffer is reused after evicting, whole, every trace that
 * had a span in it. Dropped spans are counted. Summaries are kept per trace and updated as spans arrive.
 * @example
 * const store = createSpanStore({ maxBytes: 256 * 1024 * 1024 });
 * const unsubscribe = store.subscribe((e) => console.log(e.type));
 */
export function createSpanStore(options: SpanStoreOptions): SpanStore {
  const maxBytes = options.maxBytes;
  const prices = options.prices ?? DEFAULT_MODEL_PRICES;
  // Small budgets (tests) get small buffers so eviction stays fine-grained.
  const slabBytes = Math.max(64 * 1024, Math.min(4 * 1024 * 1024, Math.floor(maxBytes / 32)));
  let traces = new Map<string, TraceEntry>();
  let order: TraceEntry[] = [];
  let head = 0;
  let slabs: Slab[] = [];
  let slabBySeq = new Map<number, Slab>();
  let nextSeq = 1;
  let slabTotal = 0;
  let indexBytes = 0;
  let spanCount = 0;
  let droppedSpans = 0;
  let resources: Array<{ resource: StoredSpan['resource']; scope: StoredSpan['scope'] }> = [];
  let resourceIndex = new Map<string, number>();
  let keys: string[] = [];
  let keyIndex = new Map<string, number>();
  const listeners = new Set<(event: StoreEvent) => void>();

  function emit(event: StoreEvent): void {
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // A failing listener must not break ingest.
      }
    }
  }

  function dropTraces(slab: Slab, evicted: string[]): void {
    for (const entry of slab.traces) {
      if (traces.get(entry.traceId) !== entry) continue;
      traces.delete(entry.traceId);
      indexBytes -= entry.indexBytes;
      spanCount -= entry.count;
      droppedSpans += entry.count;
      evicted.push(entry.traceId);
    }
    slab.traces.clear();
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head);
      head = 0;
    }
    while (head < order.length && traces.get(order[head].traceId) !== order[head]) head++;
  }

  /** A slab with room for `size` bytes: the current one, a new one within budget, or the oldest one recycled. */
  function slabFor(size: number, evicted: string[]): Slab {
    const current = slabs[slabs.length - 1];
    if (current && current.used + size <= current.buf.length) return current;
    const want = Math.max(slabBytes, size);
    let buf: Buffer | undefined;
    while (slabs.length && slabTotal + want + indexBytes > maxBytes) {
      const oldest = slabs.shift()!;
      slabBySeq.delete(oldest.seq);
      slabTotal -= oldest.buf.length;
      dropTraces(oldest, evicted);
      if (oldest.buf.length === want) buf = oldest.buf; // reuse the memory as is
    }
    const slab: Slab = { seq: nextSeq++, buf: buf ?? Buffer.allocUnsafeSlow(want), used: 0, traces: new Set() };
    slabs.push(slab);
    slabBySeq.set(slab.seq, slab);
    slabTotal += slab.buf.length;
    return slab;
  }

  let lastResource: StoredSpan['resource'] | null = null;
  let lastScope: StoredSpan['scope'] | null = null;
  let lastIndex = -1;
  function resourceOf(span: StoredSpan): number {
    if (span.resource === lastResource && span.scope === lastScope) return lastIndex;
    const key = JSON.stringify([span.resource.attributes, span.scope.name, span.scope.version ?? '']);
    let index = resourceIndex.get(key);
    if (index === undefined) {
      index = resources.push({ resource: span.resource, scope: span.scope }) - 1;
      resourceIndex.set(key, index);
    }
    lastResource = span.resource;
    lastScope = span.scope;
    lastIndex = index;
    return index;
  }

  function newEntry(traceId: string): TraceEntry {
    const entry: TraceEntry = {
      traceId,
      refs: [],
      count: 0,
      ids: null,
      idBits: 0,
      odd: null,
      indexBytes: TRACE_OVERHEAD,
      start: Infinity,
      startText: '0',
      end: -Infinity,
      errorCount: 0,
      rootName: '',
      rootService: '',
      rootStart: Infinity,
      rootIsParentless: false,
      models: [],
      names: [],
      llm: [],
    };
    traces.set(traceId, entry);
    order.push(entry);
    indexBytes += TRACE_OVERHEAD;
    return entry;
  }

  function record(entry: TraceEntry, span: StoredSpan): void {
    const start = Number(span.startTimeUnixNano);
    const end = Number(span.endTimeUnixNano);
    if (start < entry.start) {
      entry.start = start;
      entry.startText = span.startTimeUnixNano;
    }
    if (end > entry.end) entry.end = end;
    if (span.status.code === 2) entry.errorCount++;
    const parentless = !span.parentSpanId;
    // Root: the earliest span without a parent; until one arrives, the earliest span.
    if ((parentless && (!entry.rootIsParentless || start < entry.rootStart)) || (!parentless && !entry.rootIsParentless && start < entry.rootStart)) {
      entry.rootName = span.name;
      const service = span.resource.attributes['service.name'];
      entry.rootService = typeof service === 'string' ? service : '';
      entry.rootStart = start;
      entry.rootIsParentless = parentless;
    }
    if (entry.names.length < 32 && !entry.names.includes(span.name)) entry.names.push(span.name);
    const g = span.genAi;
    if (g) {
      const model = g.responseModel ?? g.requestModel;
      if (model && !entry.models.includes(model)) entry.models.push(model);
      if (isModelCall(g)) {
        entry.llm.push({ spanId: span.spanId, parentSpanId: span.parentSpanId, input: g.inputTokens ?? 0, output: g.outputTokens ?? 0 });
        entry.indexBytes += 120;
        indexBytes += 120;
      }
    }
  }

  let idEntry: TraceEntry | null = null;
  let idSlab: Slab | undefined;
  /** Where the record of a span starts its id (after `["`), in the entry being looked at. */
  function idStart(ordinal: number): number {
    const entry = idEntry!;
    const seq = entry.refs[ordinal * 3];
    if (idSlab?.seq !== seq) idSlab = slabBySeq.get(seq);
    return entry.refs[ordinal * 3 + 1] + 2;
  }
  const idSource: SpanIdSource = {
    matches(ordinal, spanId) {
      const at = idStart(ordinal);
      const buf = idSlab!.buf;
      for (let i = 0; i < spanId.length; i++) if (buf[at + i] !== spanId.charCodeAt(i)) return false;
      return buf[at + spanId.length] === 0x22;
    },
    hashAt(ordinal) {
      const at = idStart(ordinal);
      const buf = idSlab!.buf;
      let h = 0x811c9dc5; // hashSpanId over the bytes
      for (let i = at; ; i++) {
        const c = buf[i];
        if (c === 0x22) return h >>> 0;
        if (c === 0x5c || c < 0x20 || c > 0x7e) return null; // escaped: kept in `odd`
        h = Math.imul(h ^ c, 0x01000193);
      }
    },
  };

  /** The ordinal of a span of this trace with this id (`hash`: its hashSpanId, -1 when not plain), or -1. */
  function findSpan(entry: TraceEntry, spanId: string, hash: number): number {
    if (hash < 0) return entry.odd?.get(spanId) ?? -1;
    idEntry = entry;
    if (entry.ids) return findSpanId(entry.ids, spanId, hash, idSource);
    if (!(entry.idBits & (1 << (hash & 31)))) return -1;
    for (let ordinal = 0; ordinal < entry.count; ordinal++) if (idSource.matches(ordinal, spanId)) return ordinal;
    return -1;
  }

  /** The parent id of a span of this trace, read from its record; undefined when the span is not here. */
  function parentOf(entry: TraceEntry, spanId: string): string | null | undefined {
    const hash = plainIdHash(spanId);
    const ordinal = findSpan(entry, spanId, hash);
    if (ordinal < 0) return undefined;
    const slab = slabBySeq.get(entry.refs[ordinal * 3]);
    if (!slab) return undefined;
    const start = entry.refs[ordinal * 3 + 1];
    const buf = slab.buf;
    // A plain id sits verbatim: `["<id>",` then `0` (no parent) or `"<parent>"`.
    let at = start + 2 + spanId.length + 2;
    if (hash >= 0 && buf[at - 1] === 0x2c) {
      if (buf[at] === 0x30) return null;
      if (buf[at] === 0x22) {
        for (let end = at + 1; end < start + entry.refs[ordinal * 3 + 2]; end++) {
          if (buf[end] === 0x5c) break; // escaped: parse the record below
          if (buf[end] === 0x22) return buf.toString('utf8', at + 1, end);
        }
      }
    }
    at = start;
    const record = JSON.parse(buf.toString('utf8', at, at + entry.refs[ordinal * 3 + 2])) as SpanRecord;
    return record[1] || null;
  }

  /** Model calls of a trace that wrap another one below them. */
  function wrappersOf(entry: TraceEntry): Set<string> {
    return wrappingCalls(entry.llm, (id) => parentOf(entry, id));
  }

  /** Indexes the span just written as `ordinal` (the entry's last). */
  function indexSpan(entry: TraceEntry, spanId: string, hash: number, ordinal: number): void {
    const before = tableBytes(entry.ids);
    if (hash < 0) {
      (entry.odd ??= new Map()).set(spanId, ordinal);
      entry.indexBytes += 80;
      indexBytes += 80;
      return;
    }
    idEntry = entry;
    if (entry.ids) entry.ids = addSpanId(entry.ids, hash, ordinal, entry.count, idSource);
    else if (entry.count > LINEAR_MAX) entry.ids = buildSpanIdTable(entry.count, idSource);
    else entry.idBits |= 1 << (hash & 31);
    const grown = tableBytes(entry.ids) - before;
    entry.indexBytes += grown;
    indexBytes += grown;
  }

  function intern(text: string): number | string {
    let k: number | string | undefined = keyIndex.get(text);
    if (k === undefined) {
      if (keys.length >= MAX_KEYS) return text;
      k = keys.push(text) - 1;
      keyIndex.set(text, k);
    }
    return k;
  }

  function packAttributes(attributes: Attributes): Packed {
    const out: Packed = [];
    for (const key in attributes) out.push(intern(key), attributes[key]);
    return out;
  }

  function unpackAttributes(packed: Packed): Attributes {
    const out: Attributes = {};
    for (let i = 0; i < packed.length; i += 2) {
      const k = packed[i];
      out[typeof k === 'number' ? keys[k] : (k as string)] = packed[i + 1] as Attributes[string];
    }
    return out;
  }

  function toRecord(span: StoredSpan): SpanRecord {
    const b = span.startTimeUnixNano;
    const e = span.endTimeUnixNano;
    // Same length and leading digits: the difference of the last 15 digits is exact in a double.
    const cut = b.length - 15;
    const d = b.length === e.length && cut > 0 && b.slice(0, cut) === e.slice(0, cut) ? Number(e.slice(cut)) - Number(b.slice(cut)) : e;
    const rec: SpanRecord = [span.spanId, span.parentSpanId ?? 0, intern(span.name), span.kind, b, d, packAttributes(span.attributes), resourceOf(span)];
    const status = span.status.code !== 0 || span.status.message ? span.status : 0;
    const events = span.events.length ? span.events : 0;
    if (span.links?.length) rec.push(status, events, span.links);
    else if (events) rec.push(status, events);
    else if (status) rec.push(status);
    return rec;
  }

  function hydrate(traceId: string, text: string): StoredSpan {
    const [s, p, n, k, b, d, a, r, st, ev, l] = JSON.parse(text) as SpanRecord;
    const { resource, scope } = resources[r];
    const span: StoredSpan = {
      traceId,
      spanId: s,
      parentSpanId: p || null,
      name: typeof n === 'number' ? keys[n] : n,
      kind: k,
      startTimeUnixNano: b,
      endTimeUnixNano: typeof d === 'number' ? (BigInt(b) + BigInt(d)).toString() : d,
      status: st || { code: 0 },
      attributes: unpackAttributes(a),
      events: ev || [],
      resource,
      scope,
      genAi: null,
    };
    if (l) span.links = l;
    span.genAi = safeNormalize(span, prices);
    return span;
  }

  function read(entry: TraceEntry): StoredSpan[] {
    const out: StoredSpan[] = [];
    for (let i = 0; i < entry.refs.length; i += 3) {
      const slab = slabBySeq.get(entry.refs[i]);
      if (slab) out.push(hydrate(entry.traceId, slab.buf.toString('utf8', entry.refs[i + 1], entry.refs[i + 1] + entry.refs[i + 2])));
    }
    return out;
  }

  return {
    add(spans) {
      if (!spans.length) return;
      const evicted: string[] = [];
      const written: Array<[StoredSpan, TraceEntry]> = [];
      for (const span of spans) {
        const hash = plainIdHash(span.spanId);
        const known = traces.get(span.traceId);
        if (known && findSpan(known, span.spanId, hash) >= 0) continue; // a re-sent span: the first copy wins
        const rec = toRecord(span);
        const text = JSON.stringify(rec);
        const size = Buffer.byteLength(text);
        const slab = slabFor(size, evicted);
        // Looked up after slabFor: recycling a slab may have just evicted this very trace.
        const entry = traces.get(span.traceId) ?? newEntry(span.traceId);
        slab.buf.write(text, slab.used, 'utf8');
        entry.refs.push(slab.seq, slab.used, size);
        slab.used += size;
        slab.traces.add(entry);
        entry.count++;
        indexSpan(entry, span.spanId, hash, entry.count - 1);
        entry.indexBytes += REF_BYTES;
        indexBytes += REF_BYTES;
        spanCount++;
        record(entry, span);
        written.push([span, entry]);
      }
      idEntry = null;
      idSlab = undefined; // holds no evicted buffer
      // The per-trace index counts too: with many tiny traces it can outgrow what the slabs leave.
      while (slabs.length > 1 && slabTotal + indexBytes > maxBytes) {
        const oldest = slabs.shift()!;
        slabBySeq.delete(oldest.seq);
        slabTotal -= oldest.buf.length;
        dropTraces(oldest, evicted);
      }
      if (evicted.length) emit({ type: 'evicted', traceIds: evicted });
      const live = written.filter(([span, entry]) => traces.get(span.traceId) === entry);
      if (live.length) {
        emit({
          type: 'spans',
          spans: live.map(([span]) => span),
          traceIds: [...new Set(live.map(([span]) => span.traceId))],
        });
      }
    },

    listTraces(filter = {}) {
      const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
      const q = filter.q?.trim().toLowerCase();
      const out: TraceSummary[] = [];
      for (let i = order.length - 1; i >= head && out.length < limit; i--) {
        const entry = order[i];
        if (traces.get(entry.traceId) !== entry) continue;
        // Summaries are computed when asked, not kept: they would cost ~300 bytes per trace for 1 µs of work.
        if (filter.errorsOnly && entry.errorCount === 0) continue;
        if (filter.service && entry.rootService !== filter.service) continue;
        if (filter.model && !entry.models.some((m) => m === filter.model || m.startsWith(filter.model + '-'))) continue;
        if (q && !matches(entry, q)) continue;
        out.push(summarize(entry, wrappersOf(entry)));
      }
      return out;
    },

    getSummary(traceId) {
      const entry = traces.get(traceId);
      return entry ? summarize(entry, wrappersOf(entry)) : null;
    },

    getTrace(traceId) {
      const entry = traces.get(traceId);
      if (!entry) return null;
      return read(entry).sort((a, b) => Number(a.startTimeUnixNano) - Number(b.startTimeUnixNano));
    },

    clear() {
      traces = new Map();
      order = [];
      head = 0;
      slabs = [];
      slabBySeq = new Map();
      slabTotal = 0;
      indexBytes = 0;
      spanCount = 0;
      resources = [];
      resourceIndex = new Map();
      keys = [];
      keyIndex = new Map();
      lastResource = null;
      lastScope = null;
      idEntry = null;
      idSlab = undefined;
      emit({ type: 'cleared' });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    stats() {
      return { traces: traces.size, spans: spanCount, bytes: slabTotal + indexBytes, maxBytes, droppedSpans };
    },

    *spans() {
      for (let i = head; i < order.length; i++) {
        const entry = order[i];
        if (traces.get(entry.traceId) === entry) yield* read(entry);
      }
    },
  };
}
