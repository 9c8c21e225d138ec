import { decodeTraceRequestProtobuf } from './decode-otlp-protobuf.js';
import type { OtlpEncoding } from './decode-trace-body.js';
import { realClock, type ForwardClock } from './forward-clock.js';
import { toForwardConfig, type ForwardConfig, type ForwardTargetInit } from './forward-config.js';
import { PayloadEncoder, type EncodedPayload, type ForwardRequest } from './forward-payload.js';
import { summarizeForwarding, type ForwardingStatus } from './forward-status.js';
import { countSpans } from './otlp-types.js';
import { DEFAULT_RETRY } from './retry-policy.js';
import { createTargetForwarder, type TargetForwarder } from './target-forwarder.js';

export type { ForwarderStatus, ForwardingStatus, DroppedSpans } from './forward-status.js';
export type { ForwardRequest } from './forward-payload.js';

/** Tuning knobs; the defaults suit a local viewer and a production relay. */
export interface ForwarderOptions {
  /** The fetch to send with (default: globalThis.fetch at send time). */
  fetch?: typeof fetch;
  /** Bytes each target may hold while its upstream is slow or down (overrides the config's `maxQueueBytes`). */
  maxQueueBytes?: number;
  /** How long one batch is retried (overrides the config's `maxElapsedMs`; 0: no limit). */
  maxElapsedMs?: number;
  /** Spans per upstream request. Default 1,000. */
  maxBatchSpans?: number;
  /** Bytes per upstream request (a larger single request goes alone). Default 4 MiB. */
  maxBatchBytes?: number;
  /** How long to wait for more spans before sending a partial batch. Default 200 ms. */
  batchDelayMs?: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** First backoff; doubles per retry, with ±50% jitter, up to `maxBackoffMs`. Defaults 1 s and 30 s. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Wire encoding upstream. Default 'protobuf'; switches to 'json' by itself where the runtime forbids the code
   * generation protobufjs relies on (edge runtimes without `new Function`).
   */
  encoding?: OtlpEncoding;
  /** Time source for backoff, deadlines and the batch delay (tests pass a virtual one). Default: the wall clock. */
  clock?: ForwardClock;
  /** Jitter source, in [0, 1). Default Math.random. */
  random?: () => number;
  /** Called (synchronously) whenever a target's status changes. */
  onStatus?: (status: ForwardingStatus) => void;
  /**
   * Called in order as delivery watermarks move: everything enqueued with a mark up to `mark` is delivered, or
   * dropped and counted, at every target; `byTarget` has each target's own watermark (called whenever one moves, so
   * `mark` may repeat; it never decreases). Spans still queued at `close()` move nothing. A caller that persists
   * `byTarget`, passes it back as `delivered` and re-enqueues what follows `mark` after a restart sends each target
   * exactly what it has not had (a batch cut off in flight by a crash may arrive twice). Called only once every
   * target has a watermark: pass `delivered` (e.g. `0` for a fresh store) to have one from the start.
   */
  onDelivered?: (mark: number, byTarget: Record<string, number>) => void;
  /**
   * Watermarks from an earlier run, by target name (a target missing from it starts with none), or one number for
   * every target: enqueued marks up to them are skipped.
   */
  delivered?: Record<string, number> | number;
}

/** A running forwarder: one queue, retry loop and status per target, fed by one `enqueue`. */
export interface Forwarder {
  /**
   * Queues one export request for every target: protobuf `ExportTraceServiceRequest` bytes (sent as they are unless
   * a target strips content) or a decoded request. `spans` is its span count (counted from the request when left
   * out); `mark` an increasing number of the caller's (see `onDelivered`). Never throws, never waits for upstream.
   */
  enqueue(request: ForwardRequest, spans?: number, mark?: number): void;
  /** Says a mark has nothing to forward (e.g. an imported record), so the watermark can move past it. */
  skip(mark: number): void;
  /** The combined summary and each target's status (no credentials in them). */
  status(): ForwardingStatus;
  /** Each target's delivery watermark (targets with none yet are left out). */
  watermarks(): Record<string, number>;
  /** Resolves when everything queued so far was sent or given up on, at every target. */
  flush(): Promise<void>;
  /** Flushes for at most `timeoutMs` (default 5 s), then stops; what is left is counted as dropped at shutdown. */
  close(timeoutMs?: number): Promise<void>;
}

/**
 * Creates the forwarder the viewer and the production relay share (Web APIs only). Each target gets its own queue
 * bounded by bytes, its own retry loop (exponential backoff with jitter and `Retry-After` on connection errors,
 * timeouts, 429, 502, 503 and 504, never on other 4xx, until `maxElapsedMs` per batch) and its own status, so a
 * slow or dead target never holds another. Spans go out in order, none twice; what exceeds the bounds or is refused
 * is dropped and counted by reason. Error texts are scrubbed of every credential the target sends.
 * @example
 * const forwarder = createForwarder(resolveForwardConfig(process.env)!, { onDelivered: (mark) => save(mark) });
 * forwarder.enqueue(protobufBytes, 12, 1042);
 * await forwarder.close();
 */
export function createForwarder(config: ForwardConfig | ForwardTargetInit, options: ForwarderOptions = {}): Forwarder {
  const resolved = toForwardConfig(config);
  const encoder = new PayloadEncoder(options.encoding ?? 'protobuf');
  const clock = options.clock ?? realClock;
  const retry = {
    initialBackoffMs: options.initialBackoffMs ?? DEFAULT_RETRY.initialBackoffMs,
    maxBackoffMs: options.maxBackoffMs ?? DEFAULT_RETRY.maxBackoffMs,
    maxElapsedMs: options.maxElapsedMs ?? resolved.maxElapsedMs,
  };
  let targets: TargetForwarder[] = [];

  function statusChanged(): void {
    if (options.onStatus) options.onStatus(summarizeForwarding(targets.map((t) => t.status())));
  }

  // The combined watermark is the lowest target's: only then is a mark settled everywhere. Reported on every move
  // of any target's watermark, so `byTarget` is always current for a caller that persists it.
  function watermarkMoved(): void {
    if (!options.onDelivered) return;
    let low: number | undefined;
    for (const t of targets) {
      const w = t.watermark();
      if (w === undefined) return;
      if (low === undefined || w < low) low = w;
    }
    if (low === undefined) return;
    try {
      options.onDelivered(low, watermarks());
    } catch {
      // the caller's bookkeeping must not break forwarding
    }
  }

  function watermarks(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of targets) {
      const w = t.watermark();
      if (w !== undefined) out[t.target.name] = w;
    }
    return out;
  }

  targets = resolved.targets.map((target) =>
    createTargetForwarder(target, {
      fetch: options.fetch,
      clock,
      random: options.random ?? Math.random,
      retry,
      maxQueueBytes: options.maxQueueBytes ?? resolved.maxQueueBytes,
      maxBatchSpans: options.maxBatchSpans ?? 1_000,
      maxBatchBytes: options.maxBatchBytes ?? 4 * 1024 * 1024,
      batchDelayMs: options.batchDelayMs ?? 200,
      timeoutMs: options.timeoutMs ?? 10_000,
      onChange: statusChanged,
      onAdvance: watermarkMoved,
      resumeAfter: typeof options.delivered === 'number' ? options.delivered : options.delivered?.[target.name],
    }),
  );

  return {
    enqueue(request, spans, mark) {
      try {
        let count = spans;
        // Encoded at most twice per request (as is, stripped), whatever the number of targets.
        const payloads = new Map<boolean, EncodedPayload | null | Error>();
        for (const t of targets) {
          if (t.covers(mark)) continue;
          const strip = t.target.stripContent;
          let payload = payloads.get(strip);
          if (payload === undefined) {
            try {
              payload = encoder.encode(request, strip);
              if (count === undefined) count = request instanceof Uint8Array ? countEncoded(request) : countSpans(request);
            } catch (error) {
              payload = error as Error;
            }
            payloads.set(strip, payload);
          }
          if (payload instanceof Error) t.reject(count ?? 0, `could not prepare spans for upstream: ${payload.message}`, mark);
          else t.enqueue(payload, count ?? 0, mark);
        }
      } catch {
        // never into the caller (the viewer's ingest, the relay's handler)
      }
    },
    skip(mark) {
      for (const t of targets) t.enqueue(null, 0, mark);
    },
    status: () => summarizeForwarding(targets.map((t) => t.status())),
    watermarks,
    async flush() {
      await Promise.all(targets.map((t) => t.flush()));
    },
    async close(timeoutMs = 5_000) {
      const deadline = clock.now() + timeoutMs;
      await Promise.all(targets.map((t) => t.close(deadline)));
    },
  };
}

// Only when a caller hands bytes without their count: decoding is the one way to know it.
function countEncoded(bytes: Uint8Array): number {
  return countSpans(decodeTraceRequestProtobuf(bytes));
}
