import type { ForwardingStatus, StoredSpan, TraceSummary } from './api-types.js';

/**
 * Messages on the live socket (`/api/live`), server to UI. One typed union used by both sides (DESIGN convention 8).
 * The server batches: one `spans` message carries every span ingested since the last flush (at most every ~50 ms).
 */
export type LiveMessage =
  /** Sent first on every (re)connect so a reconnecting page resyncs from scratch. */
  | { type: 'hello'; version: string; traces: TraceSummary[]; forwarding: ForwardingStatus }
  /** New spans, plus the updated summaries of the traces they belong to. */
  | { type: 'spans'; spans: StoredSpan[]; traces: TraceSummary[] }
  /** Whole traces evicted by the byte budget. */
  | { type: 'evicted'; traceIds: string[] }
  | { type: 'cleared' }
  | { type: 'forwarding'; forwarding: ForwardingStatus };
