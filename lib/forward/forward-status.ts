/** Spans that will never reach one upstream, by why. */
export interface DroppedSpans {
  /** The queue's byte bound was reached while the upstream was slow or down: the oldest queued spans went. */
  queueFull: number;
  /** Retried for the whole `maxElapsedMs` (or the upstream's `Retry-After` pointed past it). */
  retryExpired: number;
  /** Refused for good: a 4xx other than 429, another non-retryable answer, a partial success, an undecodable request. */
  rejected: number;
  /** Still queued when the forwarder was closed. */
  shutdown: number;
}

/**
 * One forwarding target's state, as `/api/health` (`forwarding.targets`), the live `forwarding` message and the UI
 * show it. Never holds a credential: `target` has no user info or query, `lastError` is scrubbed.
 */
export interface ForwarderStatus {
  /** `traceloop`, the name given in `TRACELIGHT_FORWARD` (`name=URL`), or the target's host. */
  name: string;
  /** The endpoint, without credentials or query (null only in the combined summary when forwarding is off). */
  target: string | null;
  /** `retrying`: the head batch failed and waits for its next attempt (`retry`). */
  state: 'idle' | 'sending' | 'retrying' | 'closed';
  /** Whether prompts and completions are stripped from what this target receives. */
  contentStripped: boolean;
  /** Spans the upstream accepted. */
  sent: number;
  /** Spans queued or in flight. */
  queued: number;
  queuedBytes: number;
  maxQueueBytes: number;
  /** How long one batch is retried (0: no limit). */
  maxElapsedMs: number;
  /** Spans dropped, all reasons together (`droppedBy` says why). */
  dropped: number;
  droppedBy: DroppedSpans;
  /** Spans the upstream failed or refused: `droppedBy.retryExpired + droppedBy.rejected` (kept for older clients). */
  failed: number;
  /** The last failure, scrubbed of credentials; null once a batch goes through again. */
  lastError: string | null;
  /** `Date.now()` of the last accepted batch and of the last failure. */
  lastSentAt: number | null;
  lastErrorAt: number | null;
  /** While `state` is `retrying`: attempts of the head batch so far, since when it fails, and when it is tried next. */
  retry: { attempts: number; since: number; nextAttemptAt: number } | null;
}

/**
 * The forwarding summary `/api/health` has always returned (`target`, `sent`, `failed`, `queued`, `dropped`,
 * `lastError`, summed over targets), plus each target's own status.
 */
export interface ForwardingStatus {
  /** The targets' endpoints, comma-separated; null when forwarding is off. */
  target: string | null;
  sent: number;
  failed: number;
  queued: number;
  dropped: number;
  /** The most recent target error (prefixed with its target's name when there are several); null when none fails. */
  lastError: string | null;
  targets: ForwarderStatus[];
}

/**
 * The status when nothing is forwarded.
 * @example const status = forwarder?.status() ?? forwardingOff();
 */
export function forwardingOff(lastError: string | null = null): ForwardingStatus {
  return { target: null, sent: 0, failed: 0, queued: 0, dropped: 0, lastError, targets: [] };
}

/**
 * Sums the targets' statuses into the combined summary.
 * @example const summary = summarizeForwarding(targets.map((t) => t.status()));
 */
export function summarizeForwarding(targets: ForwarderStatus[]): ForwardingStatus {
  if (!targets.length) return forwardingOff();
  const summary = forwardingOff();
  summary.target = targets.map((t) => t.target).join(', ');
  let lastErrorAt = -Infinity;
  for (const t of targets) {
    summary.sent += t.sent;
    summary.failed += t.failed;
    summary.queued += t.queued;
    summary.dropped += t.dropped;
    if (t.lastError !== null && (t.lastErrorAt ?? 0) >= lastErrorAt) {
      lastErrorAt = t.lastErrorAt ?? 0;
      summary.lastError = targets.length > 1 ? `${t.name}: ${t.lastError}` : t.lastError;
    }
  }
  summary.targets = targets;
  return summary;
}
