import type { ForwardingStatus, HealthResponse, StoredSpan, TraceResponse } from '../../shared/api-types.js';
import type { LiveMessage } from '../../shared/live-messages.js';
import { summarizeTrace } from './summarize-trace.js';
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
    forwarding: options.forwarding ?? { target: null, sent: 0, failed: 0, queued: 0, dropped: 0, lastError: null },
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
