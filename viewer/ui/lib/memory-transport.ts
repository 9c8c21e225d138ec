import type { ForwardingStatus, HealthResponse, SessionSummary, StoredSpan, TraceResponse, TraceSummary, TraceTotals } from '../../shared/api-types.js';
import type { LiveMessage } from '../../shared/live-messages.js';
import type { ReplayCheck, ReplayError, ReplayRequest, ReplayResult } from '../../shared/replay-types.js';
import { summarizeTrace } from '../../shared/summarize-trace.js';
import { traceMatcher } from './trace-filter.js';
import type { TraceQuery } from './trace-query.js';
import { nanoToMs } from './nano-time.js';
import type { ImportResult, LiveHandlers, ViewerTransport } from './viewer-transport.js';

/** A {@link ViewerTransport} backed by memory, with controls to drive it like a server would. */
export interface MemoryTransport extends ViewerTransport {
  /**
   * Stores spans and, if connected, sends one batched `spans` message with the touched traces' summaries and, like
   * the server, only the spans of the subscribed trace.
   */
  ingest(spans: StoredSpan[]): void;
  /** Sends any live message as is. */
  emit(message: LiveMessage): void;
  /** Simulates a dropped socket. */
  disconnect(): void;
  /** Simulates the reconnect: state goes to connecting, then a fresh `hello` arrives. */
  reconnect(): void;
  /** Holds `getTrace` answers until the returned function is called (to test races with live spans). */
  holdTraceRequests(): () => void;
  /** Trace ids asked for with `getTrace`, in order. */
  readonly traceRequests: string[];
  /** Every `subscribe` call's trace id, in order. */
  readonly subscriptions: Array<string | null>;
  /** The import bodies received. */
  readonly imports: string[];
  /** Replays sent, and how the memory server answers them (default: a refusal). */
  readonly replays: ReplayRequest[];
  answerReplay: (request: ReplayRequest) => ReplayResult | ReplayError;
  answerReplayCheck: (traceId: string, spanId: string) => ReplayCheck;
  forwarding: ForwardingStatus;
}

/**
 * An in-memory transport for tests and demos: it keeps spans per trace, answers the API from them and pushes live
 * messages synchronously.
 *
 * @example
 * const transport = createMemoryTransport();
 * const model = createViewerModel({ transport });
 * model.start();
 * transport.ingest(spans); // model.traces.view.value.items now lists the trace
 */
export function createMemoryTransport(options: { forwarding?: ForwardingStatus } = {}): MemoryTransport {
  const traces = new Map<string, Map<string, StoredSpan>>();
  const subscribers = new Set<LiveHandlers>();
  /** While "disconnected", messages are lost, as on a dropped socket. */
  let connected = true;
  let gate: Promise<void> | null = null;
  let subscription: string | null = null;

  const summaries = () =>
    [...traces.values()]
      .map((m) => summarizeTrace([...m.values()]))
      .sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? 1 : -1));
  const send = (message: LiveMessage) => {
    if (!connected) return;
    for (const h of subscribers) h.onMessage(message);
  };
  const hello = (h: LiveHandlers) => {
    h.onState('open');
    const traces = summaries();
    h.onMessage({ type: 'hello', version: 'memory', traces, total: traces.length, forwarding: transport.forwarding });
  };

  const transport: MemoryTransport = {
    forwarding: options.forwarding ?? { target: null, sent: 0, failed: 0, queued: 0, dropped: 0, lastError: null, targets: [] },
    traceRequests: [],
    subscriptions: [],
    imports: [],

    connect(handlers) {
      subscribers.add(handlers);
      handlers.onState('connecting');
      hello(handlers);
      return () => subscribers.delete(handlers);
    },

    async subscribe(traceId) {
      transport.subscriptions.push(traceId);
      subscription = traceId;
    },

    async getTrace(traceId) {
      transport.traceRequests.push(traceId);
      if (gate) await gate;
      const spans = traces.get(traceId);
      const answer: TraceResponse | null = spans ? { traceId, spans: [...spans.values()] } : null;
      return structuredClone(answer);
    },

    async queryTraces(query) {
      const all = matching(summaries(), query);
      const offset = Number(query.cursor ?? 0) || 0;
      const limit = query.limit ?? 1000;
      const page = all.slice(offset, offset + limit);
      return {
        traces: structuredClone(page),
        total: all.length,
        next: offset + limit < all.length ? String(offset + limit) : null,
        totals: totalsOf(all),
      };
    },

    async listSessions(query) {
      const groups = new Map<string, TraceSummary[]>();
      for (const t of summaries()) {
        if (!t.sessionId || (query.user && t.userId !== query.user)) continue;
        if (query.q && !t.sessionId.toLowerCase().includes(query.q.toLowerCase())) continue;
        let list = groups.get(t.sessionId);
        if (!list) groups.set(t.sessionId, (list = []));
        list.push(t);
      }
      const sessions: SessionSummary[] = [...groups.entries()].map(([sessionId, list]) => {
        const totals = totalsOf(list);
        const starts = list.map((t) => t.startTimeUnixNano).sort();
        return {
          sessionId,
          userId: list[0].userId,
          traceCount: list.length,
          startTimeUnixNano: starts[0],
          endTimeUnixNano: starts[starts.length - 1],
          errorCount: totals.errors,
          llmCalls: totals.llmCalls,
          inputTokens: totals.inputTokens,
          outputTokens: totals.outputTokens,
          costUsd: totals.costUsd,
          unpricedCalls: totals.unpricedCalls,
        };
      });
      sessions.sort((a, b) => (a.endTimeUnixNano < b.endTimeUnixNano ? 1 : -1));
      return { sessions, total: sessions.length, next: null };
    },

    async breakdown(by, query) {
      const rows = new Map<string, TraceSummary[]>();
      for (const t of matching(summaries(), query)) {
        const keys = by === 'model' ? (t.models.length ? t.models : ['']) : [by === 'service' ? t.serviceName : by === 'user' ? (t.userId ?? '') : (t.sessionId ?? '')];
        for (const key of keys) {
          let list = rows.get(key);
          if (!list) rows.set(key, (list = []));
          list.push(t);
        }
      }
      return {
        by,
        rows: [...rows.entries()].map(([key, list]) => {
          const totals = totalsOf(list);
          return { key, traces: list.length, llmCalls: totals.llmCalls, inputTokens: totals.inputTokens, outputTokens: totals.outputTokens, costUsd: totals.costUsd, unpricedCalls: totals.unpricedCalls, errors: totals.errors };
        }),
      };
    },

    async getHealth(): Promise<HealthResponse> {
      let spans = 0;
      for (const t of traces.values()) spans += t.size;
      return {
        ok: true,
        traces: traces.size,
        spans,
        droppedSpans: 0,
        evictedTraces: 0,
        resentSpans: 0,
        rejectedSpans: 0,
        shedRequests: 0,
        logs: { stored: 0, droppedNotGenAi: 0, droppedNoTraceContext: 0 },
        forwarding: transport.forwarding,
      };
    },

    async clearTraces() {
      traces.clear();
      send({ type: 'cleared' });
    },

    async importOtlp(body): Promise<ImportResult> {
      transport.imports.push(body);
      return { traceIds: [], spans: 0 };
    },

    exportUrl: (traceId) => `memory://traces/${traceId}/otlp`,

    replays: [],
    answerReplay: () => ({ ok: false, error: 'replay is off in the memory transport' }),
    answerReplayCheck: () => ({ ok: false, error: 'replay is off in the memory transport', keyVariable: null, sendsKey: false }),
    async checkReplay(traceId, spanId) {
      return transport.answerReplayCheck(traceId, spanId);
    },
    async replay(request) {
      transport.replays.push(request);
      return transport.answerReplay(request);
    },

    ingest(spans) {
      const touched = new Set<string>();
      for (const s of spans) {
        let t = traces.get(s.traceId);
        if (!t) traces.set(s.traceId, (t = new Map()));
        t.set(s.spanId, s);
        touched.add(s.traceId);
      }
      send({
        type: 'spans',
        spans: structuredClone(spans.filter((s) => s.traceId === subscription)),
        traces: [...touched].map((id) => summarizeTrace([...traces.get(id)!.values()])),
      });
    },

    emit: send,

    disconnect() {
      connected = false;
      for (const h of subscribers) h.onState('closed');
    },

    reconnect() {
      connected = true;
      for (const h of subscribers) {
        h.onState('connecting');
        hello(h);
      }
    },

    holdTraceRequests() {
      let release!: () => void;
      gate = new Promise<void>((r) => (release = r));
      return () => {
        gate = null;
        release();
      };
    },
  };
  return transport;
}

function matching(list: TraceSummary[], query: TraceQuery): TraceSummary[] {
  const keep = traceMatcher({ text: query.q ?? '', model: query.model ?? '', service: query.service ?? '', errorsOnly: !!query.errors });
  return list.filter(
    (t) =>
      keep(t) &&
      (!query.session || t.sessionId === query.session) &&
      (!query.user || t.userId === query.user) &&
      (query.until == null || nanoToMs(t.startTimeUnixNano) < query.until),
  );
}

function totalsOf(list: readonly TraceSummary[]): TraceTotals {
  const totals: TraceTotals = { traces: list.length, spans: 0, errors: 0, llmCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, unpricedCalls: 0 };
  for (const t of list) {
    totals.spans += t.spanCount;
    totals.errors += t.errorCount;
    totals.llmCalls += t.llmCalls;
    totals.inputTokens += t.inputTokens;
    totals.outputTokens += t.outputTokens;
    totals.unpricedCalls += t.unpricedCalls;
    if (t.costUsd != null) totals.costUsd = (totals.costUsd ?? 0) + t.costUsd;
  }
  return totals;
}
