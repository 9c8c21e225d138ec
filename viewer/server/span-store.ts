import type { Attributes, SpanEvent, SpanKindNumber, SpanLink, SpanStatus, StoredSpan, TraceSummary } from '../shared/api-types.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from '../shared/model-prices.js';
import { isModelCall, wrappingCalls } from '../shared/llm-call-totals.js';
import { safeNormalize } from './to-stored-spans.js';
import { addSpanId, buildSpanIdTable, findSpanId, hashSpanId, hashStoredSpanId, type SpanIdSource, type SpanIdTable } from './span-id-table.js';
import { createSpanRing } from './span-ring.js';
import { createTraceTable } from './trace-table.js';
import { createIdSets } from './id-sets.js';

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
  /** Span numbers of the records in this buffer: `[firstSpan, next slab's firstSpan)`. */
  firstSpan: number;
}

interface LlmCall {
  spanId: string;
  parentSpanId: string | null;
  input: number;
  output: number;
}

/** A trace past LINEAR_MAX spans: its span numbers by ordinal, and a span id table over them. */
interface BigTrace {
  spans: number[];
  table: SpanIdTable;
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

// Up to this many spans a trace finds a span id by walking its records; beyond, through a table.
const LINEAR_MAX = 32;
const tableBytes = (t: SpanIdTable) => t.slots.length * 4 + 100;

// Heap a trace costs besides its columns: trace id string, map entry, slot, arrival (measured ~210 with --expose-gc).
const TRACE_BYTES = 230;
const LLM_CALL_BYTES = 120;

/**
 * Creates the span store (DESIGN convention 10). Spans are kept as compact JSON records in a ring of fixed-size
 * buffers outside the JS heap, and what the store knows per span and per trace sits in typed-array columns
 * (`SpanRing`, `TraceTable`): memory is bounded by the byte budget itself (no estimate drift), and evicting leaves no
 * garbage for V8 to collect. When the budget is reached the oldest buffer is reused after evicting, whole, every trace
 * that had a span in it. Dropped spans are counted. Summaries are computed from the per-trace columns when asked.
 * @example
 * const store = createSpanStore({ maxBytes: 256 * 1024 * 1024 });
 * const unsubscribe = store.subscribe((e) => console.log(e.type));
 */
export function createSpanStore(options: SpanStoreOptions): SpanStore {
  const maxBytes = options.maxBytes;
  const prices = options.prices ?? DEFAULT_MODEL_PRICES;
  // Small budgets (tests) get small buffers so eviction stays fine-grained.
  const slabBytes = Math.max(64 * 1024, Math.min(4 * 1024 * 1024, Math.floor(maxBytes / 32)));
  let table = createTraceTable();
  // Ring chunks at most 1/64 of the budget, so even a tiny budget (tests) has room for records.
  const ringChunk = Math.max(256, Math.min(16_384, Math.floor(maxBytes / 12 / 64)));
  let ring = createSpanRing(ringChunk);
  let sets = createIdSets();
  let slabs: Slab[] = [];
  let nextSeq = 1;
  let slabTotal = 0;
  let spanCount = 0;
  let droppedSpans = 0;
  /** Index bytes that are not columns: per-trace extras. */
  let extraBytes = 0;
  let llm = new Map<number, LlmCall[]>();
  let big = new Map<number, BigTrace>();
  /** Ids that are not stored verbatim in their record (not printable ASCII; never seen from OTLP): id -> span number. */
  let odd = new Map<number, Map<string, number>>();
  /** Root names and services past the intern table's cap (a sender inventing names). */
  let rootText = new Map<number, { name: string; service: string }>();
  /** First span numbers of traces in arrival order (numbers, not objects: nothing for the GC to trace); from `arrivalHead` on. */
  let arrivals: number[] = [];
  let arrivalHead = 0;
  let resources: Array<{ resource: StoredSpan['resource']; scope: StoredSpan['scope'] }> = [];
  let resourceIndex = new Map<string, number>();
  let keys: string[] = [];
  let keyIndex = new Map<string, number>();
  const listeners = new Set<(event: StoreEvent) => void>();

  // Columns count as allocated (spare capacity included), so growing them makes room by evicting like records do.
  const indexBytes = () => ring.bytes() + table.bytes() + table.size * TRACE_BYTES + extraBytes + sets.bytes();

  function emit(event: StoreEvent): void {
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // A failing listener must not break ingest.
      }
    }
  }

  function evict(slot: number, evicted: string[]): void {
    const c = table.c;
    spanCount -= c.count[slot];
    droppedSpans += c.count[slot];
    extraBytes -= c.extra[slot];
    llm.delete(slot);
    big.delete(slot);
    odd.delete(slot);
    rootText.delete(slot);
    evicted.push(table.ids[slot]!);
    table.close(slot);
  }

  /** Recycles the oldest buffer: evicts every trace with a span in it. */
  function dropOldestSlab(evicted: string[]): Slab {
    const oldest = slabs.shift()!;
    slabTotal -= oldest.buf.length;
    const end = slabs.length ? slabs[0].firstSpan : ring.next;
    for (let n = oldest.firstSpan; n < end; n++) {
      const slot = ring.trace(n);
      // A slot reused by a newer trace starts after `n`: that span was an evicted trace's.
      if (table.ids[slot] !== undefined && table.c.first[slot] <= n) evict(slot, evicted);
    }
    ring.low = end;
    while (arrivalHead < arrivals.length && arrivals[arrivalHead] < end) arrivalHead++;
    if (arrivalHead > 1024 && arrivalHead * 2 > arrivals.length) {
      arrivals = arrivals.slice(arrivalHead);
      arrivalHead = 0;
    }
    return oldest;
  }

  /** A slab with room for `size` bytes: the current one, a new one within budget, or the oldest one recycled. */
  function slabFor(size: number, evicted: string[]): Slab {
    const current = slabs[slabs.length - 1];
    if (current && current.used + size <= current.buf.length) return current;
    const want = Math.max(slabBytes, size);
    let buf: Buffer | undefined;
    while (slabs.length && slabTotal + want + indexBytes() > maxBytes) {
      const oldest = dropOldestSlab(evicted);
      if (oldest.buf.length === want) buf = oldest.buf; // reuse the memory as is
    }
    const slab: Slab = { seq: nextSeq++, buf: buf ?? Buffer.allocUnsafeSlow(want), used: 0, firstSpan: ring.next };
    slabs.push(slab);
    slabTotal += slab.buf.length;
    return slab;
  }

  /** The buffer holding span `n`, found by span number (slabs hold consecutive numbers). */
  let lastSlab = -1;
  function slabIndexOf(n: number): number {
    if (lastSlab >= 0 && lastSlab < slabs.length && slabs[lastSlab].firstSpan <= n && (lastSlab + 1 === slabs.length || slabs[lastSlab + 1].firstSpan > n)) return lastSlab;
    let lo = 0;
    let hi = slabs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (slabs[mid].firstSpan <= n) lo = mid;
      else hi = mid - 1;
    }
    lastSlab = lo;
    return lo;
  }

  /** Where span `n`'s record is: sets `atBuf`, `atStart`, `atEnd`. */
  let atBuf: Buffer = Buffer.alloc(0);
  let atStart = 0;
  let atEnd = 0;
  function locate(n: number): void {
    const i = slabIndexOf(n);
    const slab = slabs[i];
    atBuf = slab.buf;
    atStart = ring.offset(n);
    const nextInSlab = n + 1 < (i + 1 < slabs.length ? slabs[i + 1].firstSpan : ring.next);
    atEnd = nextInSlab ? ring.offset(n + 1) : slab.used;
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

  function intern(text: string): number | string {
    let k: number | string | undefined = keyIndex.get(text);
    if (k === undefined) {
      if (keys.length >= MAX_KEYS) return text;
      k = keys.push(text) - 1;
      keyIndex.set(text, k);
    }
    return k;
  }

  function addExtra(slot: number, bytes: number): void {
    table.c.extra[slot] += bytes;
    extraBytes += bytes;
  }

  const rootTextBytes = (t: { name: string; service: string }) => 100 + (t.name.length + t.service.length) * 2;

  /** `name`: the span name's interned id (a string past the intern table's cap). */
  function setRoot(slot: number, span: StoredSpan, name: number | string, start: number, parentless: boolean): void {
    const c = table.c;
    const service = span.resource.attributes['service.name'];
    const serviceText = typeof service === 'string' ? service : '';
    const serviceId = serviceText ? intern(serviceText) : -1;
    const had = rootText.get(slot);
    if (had) {
      addExtra(slot, -rootTextBytes(had));
      rootText.delete(slot);
    }
    if (typeof name === 'number' && typeof serviceId === 'number') {
      c.rootName[slot] = name;
      c.rootService[slot] = serviceId;
    } else {
      const text = { name: span.name, service: serviceText };
      c.rootName[slot] = -2;
      rootText.set(slot, text);
      addExtra(slot, rootTextBytes(text));
    }
    c.rootStart[slot] = start;
    c.rootParentless[slot] = parentless ? 1 : 0;
  }

  /** Folds a span into its trace's aggregates (`name`: the id its record interned the span name as). */
  function record(slot: number, span: StoredSpan, name: number | string): void {
    const c = table.c;
    const start = Number(span.startTimeUnixNano);
    const end = Number(span.endTimeUnixNano);
    if (start < c.start[slot]) {
      c.start[slot] = start;
      c.startExact[slot] = BigInt(span.startTimeUnixNano);
    }
    if (end > c.end[slot]) c.end[slot] = end;
    if (span.status.code === 2) c.errors[slot]++;
    const parentless = !span.parentSpanId;
    const rootParentless = c.rootParentless[slot] === 1;
    // Root: the earliest span without a parent; until one arrives, the earliest span.
    if ((parentless && (!rootParentless || start < c.rootStart[slot])) || (!parentless && !rootParentless && start < c.rootStart[slot])) {
      setRoot(slot, span, name, start, parentless);
    }
    if (typeof name === 'number') c.names[slot] = sets.with(c.names[slot], name);
    const g = span.genAi;
    if (g) {
      const model = g.responseModel ?? g.requestModel;
      const modelId = model ? intern(model) : null;
      if (typeof modelId === 'number') c.models[slot] = sets.with(c.models[slot], modelId);
      if (isModelCall(g)) {
        let calls = llm.get(slot);
        if (!calls) llm.set(slot, (calls = []));
        calls.push({ spanId: span.spanId, parentSpanId: span.parentSpanId, input: g.inputTokens ?? 0, output: g.outputTokens ?? 0 });
        addExtra(slot, LLM_CALL_BYTES);
      }
    }
  }

  /** Whether the record at `atBuf[atStart..]` has span id `spanId` (stored verbatim after `["`). */
  function idMatches(spanId: string): boolean {
    const at = atStart + 2;
    for (let i = 0; i < spanId.length; i++) if (atBuf[at + i] !== spanId.charCodeAt(i)) return false;
    return atBuf[at + spanId.length] === 0x22;
  }

  let bigSpans: number[] = [];
  const idSource: SpanIdSource = {
    matches(ordinal, spanId) {
      locate(bigSpans[ordinal]);
      return idMatches(spanId);
    },
    hashAt(ordinal) {
      locate(bigSpans[ordinal]);
      return hashStoredSpanId(atBuf, atStart + 2); // null: escaped, kept in `odd`
    },
  };

  /** The span number of the span of this trace with this id (`hash`: its `hashSpanId`, -1 when not plain), or -1. */
  function findSpan(slot: number, spanId: string, hash: number): number {
    if (hash < 0) return odd.get(slot)?.get(spanId) ?? -1;
    const b = big.get(slot);
    if (b) {
      bigSpans = b.spans;
      const ordinal = findSpanId(b.table, spanId, hash, idSource);
      return ordinal < 0 ? -1 : b.spans[ordinal];
    }
    if (!(table.c.idBits[slot] & (1 << (hash & 31)))) return -1;
    for (let n = table.c.first[slot]; n >= 0; n = ring.after(n)) {
      locate(n);
      if (idMatches(spanId)) return n;
    }
    return -1;
  }

  /** Indexes span `n`, just stored as its trace's last, by id. */
  function indexSpan(slot: number, spanId: string, hash: number, n: number): void {
    const b = big.get(slot);
    if (b) {
      b.spans.push(n);
      const before = tableBytes(b.table);
      bigSpans = b.spans;
      if (hash >= 0) b.table = addSpanId(b.table, hash, b.spans.length - 1, b.spans.length, idSource);
      addExtra(slot, 8 + tableBytes(b.table) - before);
    } else if (table.c.count[slot] > LINEAR_MAX) {
      const spans: number[] = [];
      for (let m = table.c.first[slot]; m >= 0; m = ring.after(m)) spans.push(m);
      bigSpans = spans;
      const built: BigTrace = { spans, table: buildSpanIdTable(spans.length, idSource) };
      big.set(slot, built);
      addExtra(slot, 100 + spans.length * 8 + tableBytes(built.table));
    } else if (hash >= 0) {
      table.c.idBits[slot] |= 1 << (hash & 31);
    }
    if (hash < 0) {
      let ids = odd.get(slot);
      if (!ids) odd.set(slot, (ids = new Map()));
      ids.set(spanId, n);
      addExtra(slot, 80);
    }
  }

  /** The parent id of a span of this trace, read from its record; undefined when the span is not here. */
  function parentOf(slot: number, spanId: string): string | null | undefined {
    const hash = hashSpanId(spanId);
    const n = findSpan(slot, spanId, hash);
    if (n < 0) return undefined;
    locate(n);
    // A plain id sits verbatim: `["<id>",` then `0` (no parent) or `"<parent>"`.
    const at = atStart + 2 + spanId.length + 2;
    if (hash >= 0 && atBuf[at - 1] === 0x2c) {
      if (atBuf[at] === 0x30) return null;
      if (atBuf[at] === 0x22) {
        for (let end = at + 1; end < atEnd; end++) {
          if (atBuf[end] === 0x5c) break; // escaped: parse the record below
          if (atBuf[end] === 0x22) return atBuf.toString('utf8', at + 1, end);
        }
      }
    }
    const record = JSON.parse(atBuf.toString('utf8', atStart, atEnd)) as SpanRecord;
    return record[1] || null;
  }

  const text = (id: number) => (id >= 0 ? keys[id] : '');
  const rootName = (slot: number) => (table.c.rootName[slot] === -2 ? rootText.get(slot)!.name : text(table.c.rootName[slot]));
  const rootService = (slot: number) => (table.c.rootName[slot] === -2 ? rootText.get(slot)!.service : text(table.c.rootService[slot]));
  const modelsOf = (slot: number) => sets.members(table.c.models[slot]).map(text);

  /** The trace's summary; model calls with a model call below them (AI SDK call -> ... -> HTTP call) count once. */
  function summarize(slot: number): TraceSummary {
    const c = table.c;
    const calls = llm.get(slot) ?? [];
    const wrappers = wrappingCalls(calls, (id) => parentOf(slot, id));
    let inputTokens = 0;
    let outputTokens = 0;
    for (const call of calls) {
      if (wrappers.has(call.spanId)) continue;
      inputTokens += call.input;
      outputTokens += call.output;
    }
    return {
      traceId: table.ids[slot]!,
      name: rootName(slot),
      serviceName: rootService(slot),
      startTimeUnixNano: c.startExact[slot].toString(),
      durationMs: c.end[slot] >= c.start[slot] ? Math.round((c.end[slot] - c.start[slot]) / 1e3) / 1e3 : 0,
      spanCount: c.count[slot],
      errorCount: c.errors[slot],
      inputTokens,
      outputTokens,
      models: modelsOf(slot),
    };
  }

  function matches(slot: number, q: string): boolean {
    if (table.ids[slot]!.includes(q) || rootService(slot).toLowerCase().includes(q)) return true;
    if (sets.members(table.c.names[slot]).some((id) => keys[id].toLowerCase().includes(q))) return true;
    return rootName(slot).toLowerCase().includes(q) || modelsOf(slot).some((m) => m.toLowerCase().includes(q));
  }

  /** Trace slots in arrival order (newest or oldest first), each met at its first span number in `arrivals`. */
  function* slotsByArrival(newestFirst: boolean): Generator<number> {
    const count = arrivals.length - arrivalHead;
    for (let i = 0; i < count; i++) {
      const n = arrivals[newestFirst ? arrivals.length - 1 - i : arrivalHead + i];
      if (n < ring.low) continue;
      const slot = ring.trace(n);
      if (table.ids[slot] !== undefined && table.c.first[slot] === n) yield slot;
    }
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

  function read(slot: number): StoredSpan[] {
    const out: StoredSpan[] = [];
    const traceId = table.ids[slot]!;
    for (let n = table.c.first[slot]; n >= 0; n = ring.after(n)) {
      locate(n);
      out.push(hydrate(traceId, atBuf.toString('utf8', atStart, atEnd)));
    }
    return out;
  }

  return {
    add(spans) {
      if (!spans.length) return;
      const evicted: string[] = [];
      // With the trace's slot and first span: a slot freed by eviction may be reused, even by the same trace id.
      const written: Array<[StoredSpan, string, number, number]> = [];
      for (const span of spans) {
        const hash = hashSpanId(span.spanId);
        const known = table.slotOf(span.traceId);
        if (known !== undefined && findSpan(known, span.spanId, hash) >= 0) continue; // a re-sent span: the first copy wins
        const rec = toRecord(span);
        const json = JSON.stringify(rec);
        const size = Buffer.byteLength(json);
        const slab = slabFor(size, evicted);
        // Looked up after slabFor: recycling a slab may have just evicted this very trace.
        let slot = table.slotOf(span.traceId);
        if (slot === undefined) slot = table.open(span.traceId);
        slab.buf.write(json, slab.used, 'utf8');
        const c = table.c;
        const n = ring.push(slot, slab.used, c.last[slot]);
        slab.used += size;
        if (c.first[slot] < 0) {
          c.first[slot] = n;
          arrivals.push(n);
        }
        c.last[slot] = n;
        c.count[slot]++;
        spanCount++;
        indexSpan(slot, span.spanId, hash, n);
        record(slot, span, rec[2]);
        written.push([span, span.traceId, slot, c.first[slot]]);
      }
      // Nothing may keep an evicted buffer reachable.
      atBuf = Buffer.alloc(0);
      bigSpans = [];
      // The per-trace index counts too: with many tiny traces it can outgrow what the slabs leave.
      while (slabs.length > 1 && slabTotal + indexBytes() > maxBytes) dropOldestSlab(evicted);
      if (evicted.length) emit({ type: 'evicted', traceIds: evicted });
      const live = written.filter(([, traceId, slot, first]) => table.ids[slot] === traceId && table.c.first[slot] === first);
      if (live.length) {
        emit({
          type: 'spans',
          spans: live.map(([span]) => span),
          traceIds: [...new Set(live.map(([, traceId]) => traceId))],
        });
      }
    },

    listTraces(filter = {}) {
      const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
      const q = filter.q?.trim().toLowerCase();
      const out: TraceSummary[] = [];
      for (const slot of slotsByArrival(true)) {
        if (out.length >= limit) break;
        if (filter.errorsOnly && table.c.errors[slot] === 0) continue;
        if (filter.service && rootService(slot) !== filter.service) continue;
        if (filter.model && !modelsOf(slot).some((m) => m === filter.model || m.startsWith(filter.model + '-'))) continue;
        if (q && !matches(slot, q)) continue;
        out.push(summarize(slot));
      }
      return out;
    },

    getSummary(traceId) {
      const slot = table.slotOf(traceId);
      return slot === undefined ? null : summarize(slot);
    },

    getTrace(traceId) {
      const slot = table.slotOf(traceId);
      if (slot === undefined) return null;
      return read(slot).sort((a, b) => Number(a.startTimeUnixNano) - Number(b.startTimeUnixNano));
    },

    clear() {
      table = createTraceTable();
      ring = createSpanRing(ringChunk);
      sets = createIdSets();
      slabs = [];
      lastSlab = -1;
      slabTotal = 0;
      spanCount = 0;
      extraBytes = 0;
      llm = new Map();
      big = new Map();
      odd = new Map();
      rootText = new Map();
      arrivals = [];
      arrivalHead = 0;
      resources = [];
      resourceIndex = new Map();
      keys = [];
      keyIndex = new Map();
      lastResource = null;
      lastScope = null;
      atBuf = Buffer.alloc(0);
      bigSpans = [];
      emit({ type: 'cleared' });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    stats() {
      return { traces: table.size, spans: spanCount, bytes: slabTotal + indexBytes(), maxBytes, droppedSpans };
    },

    *spans() {
      for (const slot of slotsByArrival(false)) yield* read(slot);
    },
  };
}
