import type { StoredSpan, TraceSummary } from '../shared/api-types.js';
import { estimateSpanBytes } from './estimate-span-bytes.js';

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
  /** Adds spans (a span already stored under the same trace and span id is replaced). */
  add(spans: StoredSpan[]): void;
  /** Trace summaries, newest first. */
  listTraces(filter?: TraceFilter): TraceSummary[];
  getSummary(traceId: string): TraceSummary | null;
  getTrace(traceId: string): StoredSpan[] | null;
  clear(): void;
  subscribe(listener: (event: StoreEvent) => void): () => void;
  stats(): { traces: number; spans: number; bytes: number; maxBytes: number; droppedSpans: number };
  /** Every stored span, oldest trace first (for persistence). */
  spans(): Iterable<StoredSpan>;
}

interface TraceEntry {
  traceId: string;
  spans: StoredSpan[];
  index: Map<string, number>;
  bytes: number;
  summary: TraceSummary | null;
  /** Lowercased names, services and models for `q` filtering, rebuilt with the summary. */
  haystack: string;
}

function nanos(s: string): number {
  return Number(s);
}

function summarize(entry: TraceEntry): TraceSummary {
  const { spans } = entry;
  let root: StoredSpan | null = null;
  let start = Infinity;
  let end = -Infinity;
  let startText = '0';
  let errorCount = 0;
  const models = new Set<string>();
  const hasLlmDescendant = new Set<string>();
  const byId = new Map<string, StoredSpan>();
  for (const s of spans) byId.set(s.spanId, s);
  for (const s of spans) {
    const st = nanos(s.startTimeUnixNano);
    const en = nanos(s.endTimeUnixNano);
    if (st < start) {
      start = st;
      startText = s.startTimeUnixNano;
    }
    if (en > end) end = en;
    if (s.status.code === 2) errorCount++;
    const isRoot = !s.parentSpanId || !byId.has(s.parentSpanId);
    if (isRoot && (!root || st < nanos(root.startTimeUnixNano))) root = s;
    if (s.genAi) {
      const model = s.genAi.responseModel ?? s.genAi.requestModel;
      if (model) models.add(model);
      // Mark ancestors so nested LLM spans (AI SDK call -> HTTP call) count their tokens once.
      let p = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
      for (let depth = 0; p && depth < 64 && !hasLlmDescendant.has(p.spanId); depth++) {
        hasLlmDescendant.add(p.spanId);
        p = p.parentSpanId ? byId.get(p.parentSpanId) : undefined;
      }
    }
  }
  let inputTokens = 0;
  let outputTokens = 0;
  for (const s of spans) {
    if (!s.genAi || hasLlmDescendant.has(s.spanId)) continue;
    inputTokens += s.genAi.inputTokens ?? 0;
    outputTokens += s.genAi.outputTokens ?? 0;
  }
  const service = root?.resource.attributes['service.name'];
  const summary: TraceSummary = {
    traceId: entry.traceId,
    name: root?.name ?? '',
    serviceName: typeof service === 'string' ? service : '',
    startTimeUnixNano: startText,
    durationMs: end >= start ? Math.round((end - start) / 1e3) / 1e3 : 0,
    spanCount: spans.length,
    errorCount,
    inputTokens,
    outputTokens,
    models: [...models],
  };
  const names = new Set<string>();
  for (const s of spans) names.add(s.name);
  entry.haystack = [entry.traceId, summary.serviceName, ...names, ...models].join('\n').toLowerCase();
  return summary;
}

/**
 * Creates a span store bounded by an estimated byte budget: when over it, whole traces are evicted oldest first
 * (by arrival) and their spans counted as dropped (DESIGN convention 10).
 * @example
 * const store = createSpanStore({ maxBytes: 256 * 1024 * 1024 });
 * const unsubscribe = store.subscribe((e) => console.log(e.type));
 */
export function createSpanStore(options: { maxBytes: number }): SpanStore {
  const maxBytes = options.maxBytes;
  let traces = new Map<string, TraceEntry>();
  // Arrival order; entries stay until compacted, stale ones are recognised by identity against `traces`.
  let order: TraceEntry[] = [];
  let head = 0;
  let bytes = 0;
  let spanCount = 0;
  let droppedSpans = 0;
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

  function evict(): string[] {
    const evicted: string[] = [];
    while (bytes > maxBytes && head < order.length) {
      const entry = order[head++];
      if (traces.get(entry.traceId) !== entry) continue;
      traces.delete(entry.traceId);
      bytes -= entry.bytes;
      spanCount -= entry.spans.length;
      droppedSpans += entry.spans.length;
      evicted.push(entry.traceId);
    }
    if (head > 1024 && head * 2 > order.length) {
      order = order.slice(head);
      head = 0;
    }
    return evicted;
  }

  return {
    add(spans) {
      if (!spans.length) return;
      const touched = new Set<string>();
      for (const span of spans) {
        let entry = traces.get(span.traceId);
        if (!entry) {
          entry = { traceId: span.traceId, spans: [], index: new Map(), bytes: 0, summary: null, haystack: '' };
          traces.set(span.traceId, entry);
          order.push(entry);
        }
        const size = estimateSpanBytes(span);
        const at = entry.index.get(span.spanId);
        if (at !== undefined) {
          const old = entry.spans[at];
          const oldSize = estimateSpanBytes(old);
          entry.spans[at] = span;
          entry.bytes += size - oldSize;
          bytes += size - oldSize;
        } else {
          entry.index.set(span.spanId, entry.spans.length);
          entry.spans.push(span);
          entry.bytes += size;
          bytes += size;
          spanCount++;
        }
        entry.summary = null;
        touched.add(span.traceId);
      }
      const evicted = evict();
      if (evicted.length) {
        const gone = new Set(evicted);
        const kept = spans.filter((s) => !gone.has(s.traceId) || traces.has(s.traceId));
        emit({ type: 'spans', spans: kept, traceIds: [...touched].filter((id) => traces.has(id)) });
        emit({ type: 'evicted', traceIds: evicted });
      } else {
        emit({ type: 'spans', spans, traceIds: [...touched] });
      }
    },

    listTraces(filter = {}) {
      const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
      const q = filter.q?.trim().toLowerCase();
      const out: TraceSummary[] = [];
      for (let i = order.length - 1; i >= head && out.length < limit; i--) {
        const entry = order[i];
        if (traces.get(entry.traceId) !== entry) continue;
        const summary = (entry.summary ??= summarize(entry));
        if (filter.errorsOnly && summary.errorCount === 0) continue;
        if (filter.service && summary.serviceName !== filter.service) continue;
        if (filter.model && !summary.models.some((m) => m === filter.model || m.startsWith(filter.model + '-'))) continue;
        if (q && !entry.haystack.includes(q)) continue;
        out.push(summary);
      }
      return out;
    },

    getSummary(traceId) {
      const entry = traces.get(traceId);
      return entry ? (entry.summary ??= summarize(entry)) : null;
    },

    getTrace(traceId) {
      const entry = traces.get(traceId);
      if (!entry) return null;
      return [...entry.spans].sort((a, b) => nanos(a.startTimeUnixNano) - nanos(b.startTimeUnixNano));
    },

    clear() {
      traces = new Map();
      order = [];
      head = 0;
      bytes = 0;
      spanCount = 0;
      emit({ type: 'cleared' });
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    stats() {
      return { traces: traces.size, spans: spanCount, bytes, maxBytes, droppedSpans };
    },

    *spans() {
      for (let i = head; i < order.length; i++) {
        const entry = order[i];
        if (traces.get(entry.traceId) === entry) yield* entry.spans;
      }
    },
  };
}
