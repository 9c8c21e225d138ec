/** How a failing batch is retried (defaults in `DEFAULT_RETRY`). */
export interface RetryPolicy {
  /** First wait; each retry doubles it, up to `maxBackoffMs`, with ±50% jitter. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Time from a batch's first attempt after which it is given up (0: never). */
  maxElapsedMs: number;
}

/** Backoff of the OpenTelemetry exporters' order of magnitude; the 5-minute bound is the Collector's. */
export const DEFAULT_RETRY: RetryPolicy = { initialBackoffMs: 1_000, maxBackoffMs: 30_000, maxElapsedMs: 5 * 60_000 };

// OTLP/HTTP: 429, 502, 503 and 504 are retryable; every other error answer is final.
const RETRYABLE = new Set([429, 502, 503, 504]);

/**
 * Whether an upstream HTTP status means "try again later".
 * @example isRetryableStatus(503) // true
 */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status);
}

/**
 * A `Retry-After` header (seconds or an HTTP date, RFC 9110 10.2.3) as milliseconds from `now`; null when absent or
 * unreadable.
 * @example parseRetryAfter('2', Date.now()) // 2000
 */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * The wait before the next attempt of a batch, or null to give up: exponential backoff with jitter, at least what
 * `Retry-After` asked for, and never past the batch's deadline (a last attempt is made at the deadline itself; an
 * upstream that asks to wait beyond it is taken at its word and the batch is given up).
 * @example nextRetryDelay(DEFAULT_RETRY, 0, 1_200, null) // ~1000 ms (500-1500)
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  elapsedMs: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number | null {
  const exponential = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** Math.min(attempt, 30));
  let delay = Math.max(retryAfterMs ?? 0, exponential * (0.5 + random()));
  if (policy.maxElapsedMs > 0) {
    const remaining = policy.maxElapsedMs - elapsedMs;
    if (remaining <= 0) return null;
    if (retryAfterMs !== null && retryAfterMs > remaining) return null;
    delay = Math.min(delay, remaining);
  }
  return Math.max(0, Math.round(delay));
}
