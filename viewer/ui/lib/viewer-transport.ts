import type { BreakdownResponse, HealthResponse, SessionsResponse, TraceResponse, TracesResponse } from '../../shared/api-types.js';
import type { LiveMessage } from '../../shared/live-messages.js';
import type { ReplayCheck, ReplayError, ReplayRequest, ReplayResult } from '../../shared/replay-types.js';
import type { TraceQuery } from './trace-query.js';

/** State of the live channel, for the connection indicator. */
export type ConnectionState = 'connecting' | 'open' | 'closed';

/** What the server answered to an import. */
export interface ImportResult {
  /** Trace ids that the imported file contained, when the server reports them. */
  traceIds: string[];
  /** Spans accepted, when the server reports it. */
  spans: number | null;
}

/** Callbacks of a live subscription. */
export interface LiveHandlers {
  onMessage(message: LiveMessage): void;
  onState(state: ConnectionState): void;
}

/**
 * Everything the UI models need from the viewer server. The app uses {@link createWsTransport} (HTTP + WebSocket);
 * tests use {@link createMemoryTransport}. Models depend on this interface only (docs/architecture.md#conventions, 11).
 *
 * @example
 * const stop = transport.connect({ onMessage: (m) => console.log(m.type), onState: console.log });
 */
export interface ViewerTransport {
  /** Opens the live channel and keeps it open (reconnecting) until the returned function is called. */
  connect(handlers: LiveHandlers): () => void;
  /**
   * Picks the one trace whose live spans the page wants (`null`: none, summaries only); it holds across reconnects.
   * Resolves once the server applies it, so a `getTrace` asked afterwards plus the live spans miss nothing; also
   * resolves (early) when the socket drops, since the reconnect's `hello` makes the page reload anyway.
   */
  subscribe(traceId: string | null): Promise<void>;
  /** One trace with all its spans; null when the server does not have it. */
  getTrace(traceId: string): Promise<TraceResponse | null>;
  getHealth(): Promise<HealthResponse>;
  /** A page of traces matching a query, how many match in all, their totals and the next page's cursor. */
  queryTraces(query: TraceQuery): Promise<TracesResponse>;
  /** Sessions (newest first), optionally of one user or matching text. */
  listSessions(query: { user?: string; q?: string; limit?: number; cursor?: string | null }): Promise<SessionsResponse>;
  /** Tokens, cost, calls and errors of the traces a query matches, per model, service, user or session. */
  breakdown(by: BreakdownResponse['by'], query: TraceQuery): Promise<BreakdownResponse>;
  /** Deletes every trace on the server (`DELETE /api/traces`). */
  clearTraces(): Promise<void>;
  /** Sends an OTLP JSON document (`POST /api/import`). */
  importOtlp(json: string): Promise<ImportResult>;
  /** URL that downloads one trace as OTLP JSON. */
  exportUrl(traceId: string): string;
  /** Whether and where a span's call would be replayed, and the draft to edit (`GET /api/replay?traceId=&spanId=`). */
  checkReplay(traceId: string, spanId: string): Promise<ReplayCheck>;
  /** Sends a confirmed replay (`POST /api/replay`); a refusal resolves as a `ReplayError`, it does not throw. */
  replay(request: ReplayRequest): Promise<ReplayResult | ReplayError>;
}
