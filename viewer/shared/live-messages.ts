import type { ForwardingStatus, StoredSpan, TraceSummary } from './api-types.js';

/**
 * Messages on the live socket (`/api/live`), server to UI. One typed union used by both sides (docs/architecture.md#conventions, 8).
 *
 * The server batches: every ~50 ms it sends the spans ingested since the last flush, split into as many `spans`
 * messages as it takes to keep each one small (at most 500 items and about a megabyte by default), so a client must
 * expect several `spans` messages per flush. Which spans a socket gets depends on its subscription
 * ({@link LiveClientMessage}):
 * - never subscribed (scripts, older clients): every span, each `spans` message carrying the summaries of the traces
 *   its spans belong to — the same data as before subscriptions existed, only split into smaller messages;
 * - subscribed to a trace id: the summaries of every changed trace (messages with `spans: []`), plus the spans of
 *   that one trace (messages carrying that trace's summary);
 * - subscribed to `null`: summaries only.
 *
 * @example
 * ws.onmessage = (e) => {
 *   const message = JSON.parse(e.data) as LiveMessage;
 *   if (message.type === 'spans') list.upsert(message.traces);
 * };
 */
export type LiveMessage =
  /**
   * Sent first on every (re)connect so a reconnecting page resyncs from scratch: the newest traces' summaries (at
   * most 10,000) and how many traces the server holds in all (`total`; older ones are a `GET /api/traces` away).
   */
  | { type: 'hello'; version: string; traces: TraceSummary[]; total: number; forwarding: ForwardingStatus }
  /** New spans (see the subscription rules above), plus the updated summaries of the traces they belong to. */
  | { type: 'spans'; spans: StoredSpan[]; traces: TraceSummary[] }
  /**
   * Answers a `subscribe` message: from here on the socket gets span bodies per `traceId` only. Spans of that trace
   * ingested before this message are in `GET /api/traces/:traceId` asked after it.
   */
  | { type: 'subscribed'; traceId: string | null }
  /** Whole traces evicted by the byte budget. */
  | { type: 'evicted'; traceIds: string[] }
  | { type: 'cleared' }
  /** Forwarding changed: the combined counters and each target's state (coalesced; never carries a credential). */
  | { type: 'forwarding'; forwarding: ForwardingStatus }
  /**
   * Span bodies this socket was not sent (summaries still were): the socket fell behind (`slow-client`: its send
   * buffer is full), or sending them would take the server past its share of CPU or the size of one flush
   * (`server-budget`).
   * `spans` counts them; `traceIds` are the traces concerned (for a subscribed trace: re-read it with the API).
   */
  | { type: 'skipped'; spans: number; traceIds: string[]; reason: 'slow-client' | 'server-budget' };

/**
 * Messages on the live socket, client to server.
 *
 * `subscribe` picks the one trace whose span bodies the socket wants (`null`: none, summaries only); the server
 * answers `subscribed`. A socket can also start subscribed, so a reconnect has no window in which it gets everything
 * or misses something: open `/api/live?trace=<traceId>` (or `/api/live?trace=` for none, see
 * {@link LIVE_TRACE_PARAM}). A socket that never subscribes gets every span, as described on {@link LiveMessage}.
 *
 * @example
 * ws.send(JSON.stringify({ type: 'subscribe', traceId: openTraceId } satisfies LiveClientMessage));
 */
export type LiveClientMessage = { type: 'subscribe'; traceId: string | null };

/**
 * Query parameter of `/api/live` that sets the subscription at connect time: `?trace=<traceId>`, or `?trace=` for
 * summaries only.
 *
 * @example
 * new WebSocket(`ws://127.0.0.1:4318/api/live?${LIVE_TRACE_PARAM}=${encodeURIComponent(traceId ?? '')}`);
 */
export const LIVE_TRACE_PARAM = 'trace';
