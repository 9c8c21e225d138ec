import type {
  BreakdownResponse,
  HealthResponse,
  SessionsResponse,
  SpanEvent,
  StoredSpan,
  TraceSummary,
  TracesResponse,
} from '../shared/api-types.js';
import { GEN_AI_SUMMARY_KEYS } from '../shared/gen-ai-summary.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from '../shared/model-prices.js';
import { SESSION_ID_KEYS, USER_ID_KEYS } from '../shared/trace-identity.js';
import { normalizeGenAi } from '../shared/normalize-gen-ai.js';
import { encodeTraceRequestProtobuf } from '../../lib/forward/encode-otlp-protobuf.js';
import { storedSpansToOtlp } from './stored-spans-to-otlp.js';
import { createIdSets } from './store/id-sets.js';
import {
  RECORD_HEADER_BYTES,
  RecordType,
  SPAN_PREFIX_BYTES,
  sealRecord,
  writeRecordHeader,
} from './store/record-format.js';
import { createResourceTable, type ResourceEntry } from './store/resource-table.js';
import { scanLogMessage, scanLogsRequest, type ScannedLog } from './store/scan-otlp-logs.js';
import { keyMatcher, scanSpanMessage, scanTraceRequest, type ScannedSpan } from './store/scan-otlp-traces.js';
import { hashSpanId } from './store/span-id-table.js';
import { createSpanIndex, PARENT_ID_AT, SPAN_ID_AT } from './store/span-index.js';
import { createSpanLog } from './store/span-log.js';
import { eventOfLogRecord, MESSAGE_AT, requestOfRecords, spanOfRecord } from './store/span-view.js';
import { createStringTable } from './store/string-table.js';
import { createTraceAggregates } from './store/trace-aggregates.js';
import { breakdown, listSessions, queryTraces, type QuerySource, type TraceFilter } from './store/trace-query.js';
import { createTraceTable } from './store/trace-table.js';

export type { TraceFilter } from './store/trace-query.js';

/** What the store tells its subscribers. `spans` are decoded from the records only when read. */
export type StoreEvent =
  | { type: 'spans'; traceIds: string[]; records: number[]; recordTraceIds: string[]; readonly spans: StoredSpan[] }
  | { type: 'evicted'; traceIds: string[] }
  | { type: 'cleared' };

/** What one OTLP request did to the store. */
export interface IngestResult {
  /** Spans (or log records) stored. */
  accepted: number;
  /** Refused: invalid ids, too big for the store's budget; `errors` says why (the first few). */
  rejected: number;
  /** Spans this store already had (an exporter retrying): stored once. */
  resent: number;
  /** Log records dropped because they are not GenAI events or have no trace context. */
  dropped: number;
  errors: string[];
  /** The traces the stored spans and log records belong to. */
  traceIds: string[];
  /** The sequence number of the last record stored (0 when none): the forwarder's delivery mark. */
  lastSeq: number;
}

/** Counters of `GET /api/health`. */
export type StoreStats = Pick<
  HealthResponse,
  'traces' | 'spans' | 'droppedSpans' | 'evictedTraces' | 'resentSpans' | 'rejectedSpans' | 'logs'
> & { bytes: number; maxBytes: number };

/** What `--persist` needs from the store: its records as bytes, and a way to load them back. */
export interface StoreJournal {
  /** The number the next record gets (records are numbered in arrival order from 0; `clear` starts again). */
  readonly nextRecord: number;
  /** The sequence number the next record gets (grows across restarts: loading continues after the file's). */
  readonly nextSeq: number;
  /** The bytes of the live records among `[from, to)`, as runs of whole records (records of evicted traces left out). */
  liveRuns(from: number, to: number): Buffer[];
  /** A resource a record refers to (for writing its resource record first). */
  resource(id: number): ResourceEntry | undefined;
  /** Every resource live records refer to. */
  resources(): Iterable<ResourceEntry>;
  /** Restores a resource read back from a file. */
  restoreResource(id: number, resource: Uint8Array, scope: Uint8Array): void;
  /** Loads one span or log record read back from a file (its payload and sequence number); false when unusable. */
  load(type: number, payload: Buffer, seq: number): { ok: true } | { ok: false; reason: string };
  /** Ends a load: emits what loading stored (one batch of events). */
  endLoad(): void;
  /**
   * The live span records with a sequence number above `afterSeq`, in order, as OTLP `ExportTraceServiceRequest`
   * bytes of at most `maxSpans` spans each, with the last record's sequence number (to re-send what an upstream has
   * not acknowledged, after a restart).
   */
  spanRequestsAfter(afterSeq: number, maxSpans?: number): Generator<{ request: Uint8Array; spans: number; lastSeq: number }>;
}

/** The span store. */
export interface SpanStore {
  /**
   * Stores the spans of an OTLP `ExportTraceServiceRequest` (protobuf bytes, as every front door delivers them).
   * A span sent again (same trace and span id) is ignored and counted: the first copy wins. Throws
   * `OtlpDecodeError` for malformed protobuf (nothing of the request is stored then).
   */
  ingestTraces(request: Uint8Array): IngestResult;
  /**
   * Keeps the GenAI events of an OTLP `ExportLogsServiceRequest` with their spans (joined by trace and span id,
   * whichever arrives first); other log records are counted and dropped.
   */
  ingestLogs(request: Uint8Array): IngestResult;
  /** Stores spans given as objects (tests, old persist files): encoded to OTLP and ingested like any request. */
  add(spans: StoredSpan[]): void;
  /** Trace summaries, newest (by arrival) first: the first page of `queryTraces`. */
  listTraces(filter?: TraceFilter): TraceSummary[];
  queryTraces(filter?: TraceFilter): TracesResponse;
  listSessions(filter?: TraceFilter): SessionsResponse;
  breakdown(by: BreakdownResponse['by'], filter?: TraceFilter): BreakdownResponse;
  getSummary(traceId: string): TraceSummary | null;
  /** A trace's spans by start time, with log events attached and `genAi` views; null when unknown or evicted. */
  getTrace(traceId: string): StoredSpan[] | null;
  /** The spans of these records that are still stored (for live updates), with `genAi` views. */
  readSpans(records: readonly number[]): StoredSpan[];
  clear(): void;
  subscribe(listener: (event: StoreEvent) => void): () => void;
  stats(): StoreStats;
  /** Every stored span, oldest trace first. */
  spans(): Iterable<StoredSpan>;
  /**
   * The OTLP protobuf messages (`Span` or `LogRecord`) of a trace's records, undecoded, in arrival order: for scans
   * that must not pay for decoding (full-text search, latency statistics). Views into the store's buffers: read each
   * before the next ingest, never keep one.
   */
  rawMessages(traceId: string): Iterable<{ type: 'span' | 'log'; message: Uint8Array }>;
  readonly journal: StoreJournal;
}

/** Options of `createSpanStore`. */
export interface SpanStoreOptions {
  /** Memory budget in bytes: records plus every index. */
  maxBytes: number;
  /** Prices for the cost in summaries and `genAi` views. */
  prices?: PriceTable;
  /** Fill in records' checksums (when they are persisted). */
  checksums?: boolean;
}

// What ingest decodes from a span's attributes: the GenAI summary's keys and the session/user keys. Nothing else.
const PICKED_KEYS = keyMatcher([...GEN_AI_SUMMARY_KEYS, ...SESSION_ID_KEYS, ...USER_ID_KEYS]);
const NO_KEYS = keyMatcher([]);

// Heap a trace costs besides its columns: trace id string, map entry, arrival slot (measured ~210 with --expose-gc).
const TRACE_BYTES = 230;

const hex = (buf: Uint8Array, at: number, length: number) => Buffer.from(buf.buffer, buf.byteOffset + at, length).toString('hex');

/** The store's state: one object, so `clear()` replaces it whole. */
function createState(maxBytes: number, prices: PriceTable) {
  // Small budgets (tests) get small buffers so eviction stays fine-grained.
  const slabBytes = Math.max(64 * 1024, Math.min(4 * 1024 * 1024, Math.floor(maxBytes / 32)));
  // Ring chunks at most 1/64 of the budget, so even a tiny budget (tests) has room for records.
  const ringChunk = Math.max(256, Math.min(16_384, Math.floor(maxBytes / 12 / 64)));
  const log = createSpanLog(slabBytes, ringChunk);
  const state = {
    log,
    table: createTraceTable(),
    strings: createStringTable(),
    resources: createResourceTable(),
    /** First record numbers of traces in arrival order, from `arrivalHead` on (numbers: nothing for the GC to trace). */
    arrivals: [] as number[],
    arrivalHead: 0,
    /** Traces with at least one span (a trace can hold only log records while its spans are on their way). */
    tracesWithSpans: 0,
    spanCount: 0,
    logCount: 0,
  };
  const sets = createIdSets(state.strings);
  const index = createSpanIndex(log, () => state.table);
  const parentOf = (slot: number, spanId: string): string | null | undefined => {
    const id = Buffer.from(spanId, 'hex');
    if (id.length !== 8) return undefined;
    const n = index.find(slot, id, 0, hashSpanId(id, 0));
    if (n < 0) return undefined;
    const record = log.record(n);
    for (let i = 0; i < 8; i++) if (record[PARENT_ID_AT + i] !== 0) return record.toString('hex', PARENT_ID_AT, PARENT_ID_AT + 8);
    return null;
  };
  const aggregates = createTraceAggregates({ table: () => state.table, strings: state.strings, sets, prices, parentOf, hex });
  return { ...state, sets, index, aggregates };
}

/**
 * Creates the span store: a log of records (the sender's protobuf bytes, see `record-format.ts`) in fixed-size
 * buffers outside the JS heap, a span index, per-trace aggregates in typed-array columns, and the queries over them.
 * Memory is bounded by the byte budget itself: past it the oldest buffer is recycled after evicting, whole, every
 * trace that had a record in it; evictions are counted. Ingest copies each span's bytes and decodes only the few
 * attributes the summaries need; a span is decoded in full when someone reads it.
 * @example
 * const store = createSpanStore({ maxBytes: 256 * 1024 * 1024 });
 * const result = store.ingestTraces(protobufBody);
 * store.queryTraces({ model: 'gpt-4o' }).total;
 */
export function createSpanStore(options: SpanStoreOptions): SpanStore {
  const { maxBytes } = options;
  const prices = options.prices ?? DEFAULT_MODEL_PRICES;
  const checksums = options.checksums ?? false;
  let s = createState(maxBytes, prices);
  let nextSeq = 1;
  const counters = { droppedSpans: 0, evictedTraces: 0, resentSpans: 0, rejectedSpans: 0, logsNotGenAi: 0, logsNoTrace: 0 };
  const listeners = new Set<(event: StoreEvent) => void>();

  const indexBytes = () =>
    s.table.bytes() +
    s.table.size * TRACE_BYTES +
    s.index.bytes() +
    s.aggregates.bytes() +
    s.strings.bytes() +
    s.sets.bytes() +
    s.resources.bytes() +
    (s.arrivals.length - s.arrivalHead) * 8;
  const usedBytes = () => s.log.bytes() + indexBytes();
  // A record must fit a slab the budget can hold beside the index.
  const maxRecordBytes = () => Math.max(0, Math.floor(maxBytes / 2));

  function emit(event: StoreEvent): void {
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // A failing listener must not break ingest.
      }
    }
  }

  /** Whether record `n` belongs to a trace still stored (not one evicted, nor a trace that later reused its slot). */
  function isLive(n: number): boolean {
    if (n < s.log.low || n >= s.log.next) return false;
    const slot = s.log.trace(n);
    return s.table.ids[slot] !== undefined && s.table.c.first[slot] <= n;
  }

  function evict(slot: number, evicted: string[]): void {
    const c = s.table.c;
    if (c.count[slot] > 0) {
      s.tracesWithSpans--;
      counters.evictedTraces++;
    }
    s.spanCount -= c.count[slot];
    s.logCount -= c.logs[slot];
    counters.droppedSpans += c.count[slot];
    s.aggregates.evict(slot);
    s.index.evict(slot);
    evicted.push(s.table.ids[slot]!);
    s.table.close(slot);
  }

  function recycleOldest(keepBuffer: boolean, evicted: string[]): void {
    s.log.recycleOldest(keepBuffer, (n, record) => {
      s.resources.release(record.readUInt32LE(RECORD_HEADER_BYTES));
      const slot = s.log.trace(n);
      // A slot reused by a newer trace starts after `n`: that record was an evicted trace's.
      if (s.table.ids[slot] !== undefined && s.table.c.first[slot] <= n) evict(slot, evicted);
    });
    const low = s.log.low;
    while (s.arrivalHead < s.arrivals.length && s.arrivals[s.arrivalHead] < low) s.arrivalHead++;
    if (s.arrivalHead > 1024 && s.arrivalHead * 2 > s.arrivals.length) {
      s.arrivals = s.arrivals.slice(s.arrivalHead);
      s.arrivalHead = 0;
    }
  }

  /** Room for a record of `size` bytes in the current slab, recycling the oldest ones as the budget requires. */
  function makeRoom(size: number, evicted: string[]): void {
    if (s.log.fits(size)) return;
    while (s.log.slabCount && usedBytes() + s.log.openCost(size) > maxBytes) recycleOldest(true, evicted);
    s.log.openSlab(size);
  }

  /** Appends a record for `slot` (opened by the caller after `makeRoom`); returns its number and where its payload goes. */
  function appendRecord(slot: number, type: 1 | 2, messageLength: number, seq: number, resourceId: number, id: Uint8Array, idAt: number, parentAt: number) {
    const c = s.table.c;
    const size = RECORD_HEADER_BYTES + SPAN_PREFIX_BYTES + messageLength;
    const { n, buf, at } = s.log.append(slot, c.last[slot], size);
    writeRecordHeader(buf, at, type, SPAN_PREFIX_BYTES + messageLength, seq);
    buf.writeUInt32LE(resourceId, at + RECORD_HEADER_BYTES);
    buf.set(id.subarray(idAt, idAt + 8), at + SPAN_ID_AT);
    if (parentAt >= 0) buf.set(id.subarray(parentAt, parentAt + 8), at + PARENT_ID_AT);
    else buf.fill(0, at + PARENT_ID_AT, at + PARENT_ID_AT + 8);
    s.resources.retain(resourceId);
    if (c.first[slot] < 0) {
      c.first[slot] = n;
      s.arrivals.push(n);
    }
    c.last[slot] = n;
    return { n, buf, at: at + RECORD_HEADER_BYTES + SPAN_PREFIX_BYTES, start: at };
  }

  /** One ingest batch: what it stored, evicted and updated, told to subscribers once at the end. */
  interface Batch {
    evicted: string[];
    records: number[];
    traces: Set<string>;
    result: IngestResult;
  }

  const newBatch = (): Batch => ({ evicted: [], records: [], traces: new Set(), result: { accepted: 0, rejected: 0, resent: 0, dropped: 0, errors: [], traceIds: [], lastSeq: 0 } });

  function reject(batch: Batch, reason: string): void {
    batch.result.rejected++;
    counters.rejectedSpans++;
    if (batch.result.errors.length < 5) batch.result.errors.push(reason);
  }

  /** Stores one scanned span whose message is `span.buf[start, end)`; `seq` given when loading a persisted record. */
  function storeSpan(batch: Batch, span: ScannedSpan, resource: ResourceEntry, seq?: number): void {
    if (span.problem) return reject(batch, span.problem);
    const { buf } = span;
    const traceId = hex(buf, span.traceIdAt, 16);
    const hash = hashSpanId(buf, span.spanIdAt);
    const known = s.table.slotOf(traceId);
    if (known !== undefined && s.index.find(known, buf, span.spanIdAt, hash) >= 0) {
      batch.result.resent++;
      counters.resentSpans++;
      return;
    }
    const messageLength = span.end - span.start;
    const size = RECORD_HEADER_BYTES + SPAN_PREFIX_BYTES + messageLength;
    if (size > maxRecordBytes()) return reject(batch, `span of ${messageLength} bytes is larger than the store's budget allows`);
    makeRoom(size, batch.evicted);
    // Looked up after makeRoom: recycling a buffer may have just evicted this very trace.
    const slot = s.table.slotOf(traceId) ?? s.table.open(traceId);
    const c = s.table.c;
    const recordSeq = seq ?? nextSeq++;
    batch.result.lastSeq = recordSeq;
    const out = appendRecord(slot, RecordType.span, messageLength, recordSeq, resource.id, buf, span.spanIdAt, span.parentAt);
    out.buf.set(buf.subarray(span.start, span.end), out.at);
    if (checksums) sealRecord(out.buf, out.start);
    if (c.count[slot]++ === 0) s.tracesWithSpans++;
    s.spanCount++;
    s.index.add(slot, out.n, hash);
    s.aggregates.fold(slot, span, resource.serviceName);
    batch.records.push(out.n);
    batch.traces.add(traceId);
    batch.result.accepted++;
  }

  function finish(batch: Batch): void {
    batch.result.traceIds = [...batch.traces];
    // The indexes count too: with many tiny traces they can outgrow what the buffers leave.
    while (s.log.slabCount > 1 && usedBytes() > maxBytes) recycleOldest(false, batch.evicted);
    if (batch.evicted.length) emit({ type: 'evicted', traceIds: batch.evicted });
    const live = batch.records.filter(isLive);
    if (!live.length) return;
    const recordTraceIds = live.map((n) => s.table.ids[s.log.trace(n)]!);
    let decoded: StoredSpan[] | undefined;
    emit({
      type: 'spans',
      traceIds: [...new Set(recordTraceIds)],
      records: live,
      recordTraceIds,
      get spans() {
        return (decoded ??= readSpans(live));
      },
    });
  }

  /** Log events of trace `slot` by span id (read from its log records). */
  function logEvents(slot: number, spanId?: string): Map<string, SpanEvent[]> {
    const out = new Map<string, SpanEvent[]>();
    if (!s.table.c.logs[slot]) return out;
    for (let n = s.table.c.first[slot]; n >= 0; n = s.log.after(n)) {
      const record = s.log.record(n);
      if (record[4] !== RecordType.log) continue;
      if (spanId && record.toString('hex', SPAN_ID_AT, SPAN_ID_AT + 8) !== spanId) continue;
      try {
        const { spanId: id, event } = eventOfLogRecord(record);
        let list = out.get(id);
        if (!list) out.set(id, (list = []));
        list.push(event);
      } catch {
        // A record that no longer decodes (cannot happen for what ingest checked) loses its event, not the trace.
      }
    }
    return out;
  }

  /** Decodes span record `n` of trace `slot` with its log events and its `genAi` view; null if it cannot be decoded. */
  function readSpan(slot: number, n: number, events?: Map<string, SpanEvent[]>): StoredSpan | null {
    try {
      const span = spanOfRecord(s.log.record(n), s.table.ids[slot]!, s.resources);
      const extra = (events ?? logEvents(slot, span.spanId)).get(span.spanId);
      if (extra) {
        span.events = [...span.events, ...extra].sort((a, b) => (BigInt(a.timeUnixNano) < BigInt(b.timeUnixNano) ? -1 : 1));
      }
      try {
        span.genAi = normalizeGenAi(span, prices);
      } catch {
        span.genAi = null; // unreadable content: the span is still shown, without a view
      }
      return span;
    } catch {
      return null;
    }
  }

  function readSpans(records: readonly number[]): StoredSpan[] {
    const out: StoredSpan[] = [];
    for (const n of records) {
      if (!isLive(n) || s.log.record(n)[4] !== RecordType.span) continue;
      const span = readSpan(s.log.trace(n), n);
      if (span) out.push(span);
    }
    return out;
  }

  function readTrace(slot: number): StoredSpan[] {
    const events = logEvents(slot);
    const out: StoredSpan[] = [];
    for (let n = s.table.c.first[slot]; n >= 0; n = s.log.after(n)) {
      if (s.log.record(n)[4] !== RecordType.span) continue;
      const span = readSpan(slot, n, events);
      if (span) out.push(span);
    }
    return out;
  }

  function* newestFirst(before = Infinity): Generator<[number, number]> {
    const { arrivals } = s;
    for (let i = arrivals.length - 1; i >= s.arrivalHead; i--) {
      const n = arrivals[i];
      if (n >= before) continue;
      if (n < s.log.low) break;
      const slot = s.log.trace(n);
      if (s.table.ids[slot] !== undefined && s.table.c.first[slot] === n && s.table.c.count[slot] > 0) yield [slot, n];
    }
  }

  function* recordNames(slot: number): Generator<string> {
    for (let n = s.table.c.first[slot]; n >= 0; n = s.log.after(n)) {
      const record = s.log.record(n);
      if (record[4] !== RecordType.span) continue;
      try {
        yield scanSpanMessage(record.subarray(MESSAGE_AT), NO_KEYS).name;
      } catch {
        // skip an unreadable record
      }
    }
  }

  const query: QuerySource = {
    table: () => s.table,
    get aggregates() {
      return s.aggregates;
    },
    newestFirst,
    recordNames,
    namesComplete: (slot) => !s.sets.isFull(s.table.c.names[slot]),
  };

  function ingestTraces(request: Uint8Array, into?: Batch): IngestResult {
    const batch = into ?? newBatch();
    let resource: ResourceEntry | null = null;
    // Scanned first, stored after: a request that turns out malformed half-way stores nothing.
    const spans: Array<{ scanned: ScannedSpan; resource: ResourceEntry }> = [];
    scanTraceRequest(request, PICKED_KEYS, {
      group(r, scope) {
        resource = s.resources.intern(r, scope);
      },
      span(scanned) {
        spans.push({ scanned: { ...scanned }, resource: resource! });
      },
    });
    for (const { scanned, resource: r } of spans) storeSpan(batch, scanned, r);
    if (!into) finish(batch);
    return batch.result;
  }

  let loading: Batch | null = null;

  const journal: StoreJournal = {
    get nextRecord() {
      return s.log.next;
    },
    get nextSeq() {
      return nextSeq;
    },
    liveRuns(from, to) {
      const out: Buffer[] = [];
      for (const run of s.log.runs(from, to)) {
        // Split a run around records of evicted traces.
        let n = Math.max(from, s.log.low);
        let at = 0;
        let start = 0;
        while (at < run.length) {
          const length = RECORD_HEADER_BYTES + run.readUInt32LE(at + 8);
          if (!isLive(n)) {
            if (at > start) out.push(run.subarray(start, at));
            start = at + length;
          }
          at += length;
          n++;
        }
        if (at > start) out.push(run.subarray(start, at));
        from = n;
      }
      return out;
    },
    resource: (id) => s.resources.get(id),
    resources: () => s.resources.entries(),
    restoreResource(id, resource, scope) {
      s.resources.restore(id, resource, scope);
    },
    load(type, payload, seq) {
      loading ??= newBatch();
      nextSeq = Math.max(nextSeq, seq + 1);
      const resource = s.resources.get(payload.readUInt32LE(0));
      if (!resource) return { ok: false, reason: 'it refers to a resource the file does not hold' };
      const message = payload.subarray(SPAN_PREFIX_BYTES);
      if (type === RecordType.span) {
        let scanned: ScannedSpan;
        try {
          scanned = scanSpanMessage(message, PICKED_KEYS);
        } catch (error) {
          return { ok: false, reason: (error as Error).message };
        }
        if (scanned.problem) return { ok: false, reason: scanned.problem };
        const before = loading.result.accepted;
        storeSpan(loading, scanned, resource, seq);
        return loading.result.accepted > before || loading.result.resent ? { ok: true } : { ok: false, reason: loading.result.errors.at(-1) ?? 'refused' };
      }
      let l: ScannedLog;
      try {
        l = scanLogMessage(message);
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
      if (l.traceIdAt < 0) return { ok: false, reason: 'log record without trace context' };
      const before = loading.result.accepted;
      storeLogRecord(loading, message, 0, message.length, l.traceIdAt, l.spanIdAt, resource, seq);
      return loading.result.accepted > before ? { ok: true } : { ok: false, reason: loading.result.errors.at(-1) ?? 'refused' };
    },
    endLoad() {
      if (loading) finish(loading);
      loading = null;
    },
    *spanRequestsAfter(afterSeq, maxSpans = 1000) {
      let chunk: Buffer[] = [];
      let lastSeq = 0;
      for (let n = s.log.low; n < s.log.next; n++) {
        if (!isLive(n)) continue;
        const record = s.log.record(n);
        if (record[4] !== RecordType.span) continue;
        const seq = record.readUInt32LE(16) + record.readUInt32LE(20) * 0x100000000;
        if (seq <= afterSeq) continue;
        chunk.push(record);
        lastSeq = seq;
        if (chunk.length >= maxSpans) {
          yield { request: requestOfRecords(chunk, s.resources), spans: chunk.length, lastSeq };
          chunk = [];
        }
      }
      if (chunk.length) yield { request: requestOfRecords(chunk, s.resources), spans: chunk.length, lastSeq };
    },
  };

  /** Stores one log record (`buf[start, end)`, its trace and span id at `ids` offsets). */
  function storeLogRecord(batch: Batch, buf: Uint8Array, start: number, end: number, traceIdAt: number, spanIdAt: number, resource: ResourceEntry, seq?: number): void {
    const traceId = hex(buf, traceIdAt, 16);
    const messageLength = end - start;
    const size = RECORD_HEADER_BYTES + SPAN_PREFIX_BYTES + messageLength;
    if (size > maxRecordBytes()) return reject(batch, `log record of ${messageLength} bytes is larger than the store's budget allows`);
    makeRoom(size, batch.evicted);
    const slot = s.table.slotOf(traceId) ?? s.table.open(traceId);
    const recordSeq = seq ?? nextSeq++;
    batch.result.lastSeq = recordSeq;
    const out = appendRecord(slot, RecordType.log, messageLength, recordSeq, resource.id, buf, spanIdAt, -1);
    out.buf.set(buf.subarray(start, end), out.at);
    if (checksums) sealRecord(out.buf, out.start);
    s.table.c.logs[slot]++;
    s.logCount++;
    batch.traces.add(traceId);
    batch.result.accepted++;
    // The span may be here already: its readers get it again, with the event.
    const spanN = s.index.find(slot, buf, spanIdAt, hashSpanId(buf, spanIdAt));
    if (spanN >= 0) batch.records.push(spanN);
  }

  return {
    ingestTraces: (request) => ingestTraces(request),
    ingestLogs(request) {
      const batch = newBatch();
      let resource: ResourceEntry | null = null;
      const logs: Array<{ start: number; end: number; traceIdAt: number; spanIdAt: number; resource: ResourceEntry }> = [];
      scanLogsRequest(request, {
        group(r, scope) {
          resource = s.resources.intern(r, scope);
        },
        log(l) {
          if (!l.eventName.startsWith('gen_ai.')) {
            batch.result.dropped++;
            counters.logsNotGenAi++;
          } else if (l.traceIdAt < 0) {
            batch.result.dropped++;
            counters.logsNoTrace++;
          } else logs.push({ start: l.start, end: l.end, traceIdAt: l.traceIdAt, spanIdAt: l.spanIdAt, resource: resource! });
        },
      });
      for (const l of logs) storeLogRecord(batch, request, l.start, l.end, l.traceIdAt, l.spanIdAt, l.resource);
      finish(batch);
      return batch.result;
    },
    add(spans) {
      if (!spans.length) return;
      ingestTraces(encodeTraceRequestProtobuf(storedSpansToOtlp(spans)));
    },
    listTraces: (filter = {}) => queryTraces(query, filter).traces,
    queryTraces: (filter = {}) => queryTraces(query, filter),
    listSessions: (filter = {}) => listSessions(query, filter),
    breakdown: (by, filter = {}) => breakdown(query, by, filter),
    getSummary(traceId) {
      const slot = s.table.slotOf(traceId);
      return slot === undefined || !s.table.c.count[slot] ? null : s.aggregates.summary(slot);
    },
    getTrace(traceId) {
      const slot = s.table.slotOf(traceId);
      if (slot === undefined || !s.table.c.count[slot]) return null;
      return readTrace(slot).sort((a, b) => {
        const x = BigInt(a.startTimeUnixNano);
        const y = BigInt(b.startTimeUnixNano);
        return x < y ? -1 : x > y ? 1 : 0;
      });
    },
    readSpans,
    clear() {
      s = createState(maxBytes, prices);
      emit({ type: 'cleared' });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stats() {
      return {
        traces: s.tracesWithSpans,
        spans: s.spanCount,
        bytes: usedBytes(),
        maxBytes,
        droppedSpans: counters.droppedSpans,
        evictedTraces: counters.evictedTraces,
        resentSpans: counters.resentSpans,
        rejectedSpans: counters.rejectedSpans,
        logs: { stored: s.logCount, droppedNotGenAi: counters.logsNotGenAi, droppedNoTraceContext: counters.logsNoTrace },
      };
    },
    *spans() {
      const slots = [...newestFirst()].reverse();
      for (const [slot] of slots) yield* readTrace(slot);
    },
    *rawMessages(traceId) {
      const slot = s.table.slotOf(traceId);
      if (slot === undefined) return;
      for (let n = s.table.c.first[slot]; n >= 0; n = s.log.after(n)) {
        const record = s.log.record(n);
        yield { type: record[4] === RecordType.span ? 'span' : 'log', message: record.subarray(MESSAGE_AT) };
      }
    },
    journal,
  };
}
