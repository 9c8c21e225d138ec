import type { TextScrubber } from '../content/scrub-secrets.js';
import { DeliveryWatermark } from './delivery-watermark.js';
import type { ForwardClock } from './forward-clock.js';
import type { ForwardTarget } from './forward-config.js';
import { batchBody, type EncodedPayload } from './forward-payload.js';
import { ForwardQueue, type QueuedItem } from './forward-queue.js';
import { targetScrubber } from './forward-secrets.js';
import type { DroppedSpans, ForwarderStatus } from './forward-status.js';
import { nextRetryDelay, type RetryPolicy } from './retry-policy.js';
import { sendBatch } from './send-batch.js';

/** Settings of one target's forwarder (resolved by `createForwarder`). */
export interface TargetForwarderSettings {
  fetch?: typeof fetch;
  clock: ForwardClock;
  random: () => number;
  retry: RetryPolicy;
  maxQueueBytes: number;
  maxBatchSpans: number;
  maxBatchBytes: number;
  batchDelayMs: number;
  timeoutMs: number;
  /** Called synchronously whenever the status changes. */
  onChange: () => void;
  /** Called in order with each new delivery watermark of this target. */
  onAdvance: (mark: number) => void;
  /** This target's watermark from an earlier run: marks up to it were settled then and are skipped. */
  resumeAfter?: number;
}

/** One target's queue, retry loop and status. */
export interface TargetForwarder {
  readonly target: ForwardTarget;
  /** Queues one encoded request (null: nothing to send). `mark` is the caller's ordering number, if any. */
  enqueue(payload: EncodedPayload | null, spans: number, mark?: number): void;
  /** Counts a request that could not be prepared for upstream (undecodable bytes) as rejected, with its reason. */
  reject(spans: number, reason: string, mark?: number): void;
  /** Whether an earlier run settled this mark already. */
  covers(mark: number | undefined): boolean;
  /** Everything up to this mark is delivered or dropped and counted (undefined: nothing settled yet). */
  watermark(): number | undefined;
  status(): ForwarderStatus;
  /** Resolves when nothing is queued or in flight any more. */
  flush(): Promise<void>;
  /** Sends what it can until `deadline` (clock time), then stops; what is left is counted as dropped at shutdown. */
  close(deadline: number): Promise<void>;
}

/**
 * Forwards to one upstream, in order: one batch in flight at a time, retried with exponential backoff, jitter and
 * `Retry-After` on retryable failures until `retry.maxElapsedMs` has passed since its first attempt; meanwhile new
 * spans wait in a queue bounded by bytes. Only what exceeds those bounds, or what the upstream refuses, is dropped,
 * and every dropped span is counted by reason.
 * @example
 * const t = createTargetForwarder(target, settings);
 * t.enqueue({ bytes, encoding: 'protobuf' }, 3, 41);
 */
export function createTargetForwarder(target: ForwardTarget, settings: TargetForwarderSettings): TargetForwarder {
  const { clock } = settings;
  const queue = new ForwardQueue(settings.maxQueueBytes);
  const watermark = new DeliveryWatermark(settings.onAdvance, settings.resumeAfter);
  const scrub: TextScrubber = targetScrubber(target);
  const droppedBy: DroppedSpans = { queueFull: 0, retryExpired: 0, rejected: 0, shutdown: 0 };
  const closing = new AbortController();
  let sent = 0;
  let lastError: string | null = null;
  let lastErrorAt: number | null = null;
  let lastSentAt: number | null = null;
  let state: ForwarderStatus['state'] = 'idle';
  let retry: ForwarderStatus['retry'] = null;
  let closed = false;
  let flushing = 0;
  let loop: Promise<void> | null = null;
  let wakeBatch: AbortController | null = null;
  const idle: Array<() => void> = [];

  function changed(): void {
    try {
      settings.onChange();
    } catch {
      // a listener must not break forwarding
    }
  }

  function fail(error: string): void {
    // Scrubbed before it is cut: a cut could leave half a key that no longer matches.
    lastError = scrub(error).slice(0, 300);
    lastErrorAt = clock.now();
  }

  function drop(items: QueuedItem[], reason: keyof DroppedSpans): void {
    for (const item of items) {
      droppedBy[reason] += item.spans;
      if (reason !== 'shutdown') item.settle?.(); // shutdown leaves them to be re-sent after a restart
    }
  }

  function start(): void {
    if (loop || closed || !queue.spans) return;
    loop = run()
      .catch((error: Error) => {
        // A bug of ours must not stall the target or crash the process: the batch in flight goes, counted.
        fail(`internal error: ${error?.message ?? error}`);
        const batch = queue.release();
        droppedBy.rejected += batch.reduce((n, item) => n + item.spans, 0);
        for (const item of batch) item.settle?.();
      })
      .finally(() => {
        loop = null;
        if (!closed && queue.spans) start(); // spans arrived as the loop was finishing
        else if (!queue.spans) for (const resolve of idle.splice(0)) resolve();
      });
  }

  async function run(): Promise<void> {
    // Coalesce a trickle into fewer requests, unless a batch is full or someone waits for a flush. Only before the
    // first batch: a backlog (an upstream back after an outage) then goes out batch after batch.
    if (queue.waitingSpans < settings.maxBatchSpans && !flushing && settings.batchDelayMs > 0) {
      wakeBatch = new AbortController();
      await clock.sleep(settings.batchDelayMs, wakeBatch.signal);
      wakeBatch = null;
    }
    while (!closed && queue.spans) await deliver(queue.take(settings.maxBatchSpans, settings.maxBatchBytes));
  }

  async function deliver(batch: QueuedItem[]): Promise<void> {
    const spans = batch.reduce((n, item) => n + item.spans, 0);
    const body = batchBody(batch, batch[0]!.encoding);
    const since = clock.now();
    for (let attempts = 1; ; attempts++) {
      state = 'sending';
      changed();
      const result = await sendBatch({
        fetch: settings.fetch ?? globalThis.fetch,
        url: target.url,
        headers: target.headers,
        body,
        encoding: batch[0]!.encoding,
        timeoutMs: settings.timeoutMs,
        signal: closing.signal,
        now: clock.now,
      });
      if (result.kind === 'ok') {
        const rejected = Math.min(spans, Math.max(0, result.rejected));
        sent += spans - rejected;
        droppedBy.rejected += rejected;
        lastSentAt = clock.now();
        if (rejected) fail(`upstream rejected ${rejected} spans: ${result.message || '(no message)'}`);
        else lastError = null;
        return finish(batch);
      }
      if (closed) return; // close() counts the batch
      fail(result.error);
      if (result.kind === 'reject') {
        droppedBy.rejected += spans;
        return finish(batch);
      }
      const now = clock.now();
      const delay = nextRetryDelay(settings.retry, attempts - 1, now - since, result.retryAfterMs, settings.random);
      if (delay === null) {
        droppedBy.retryExpired += spans;
        fail(`${result.error} (gave up after ${attempts} attempts in ${Math.round((now - since) / 1000)} s)`);
        return finish(batch);
      }
      state = 'retrying';
      retry = { attempts, since, nextAttemptAt: now + delay };
      changed();
      await clock.sleep(delay, closing.signal);
      if (closed) return;
    }
  }

  function finish(batch: QueuedItem[]): void {
    queue.release();
    for (const item of batch) item.settle?.();
    state = 'idle';
    retry = null;
    changed();
  }

  function push(item: QueuedItem): void {
    const dropped = queue.push(item);
    // Counted in droppedBy.queueFull; lastError keeps saying why the queue filled (the upstream's failure).
    if (dropped.length) drop(dropped, 'queueFull');
    if (queue.waitingSpans >= settings.maxBatchSpans) wakeBatch?.abort();
    changed();
    start();
  }

  return {
    target,
    enqueue(payload, spans, mark) {
      if (closed || watermark.covers(mark)) return;
      const settle = watermark.track(mark);
      if (!payload || spans <= 0) return settle();
      push({ bytes: payload.bytes, encoding: payload.encoding, spans, settle });
    },
    reject(spans, reason, mark) {
      if (closed || watermark.covers(mark)) return;
      droppedBy.rejected += spans;
      fail(reason);
      watermark.track(mark)();
      changed();
    },
    covers: (mark) => watermark.covers(mark),
    watermark: () => watermark.value,
    status() {
      const dropped = droppedBy.queueFull + droppedBy.retryExpired + droppedBy.rejected + droppedBy.shutdown;
      return {
        name: target.name,
        target: target.target,
        state,
        contentStripped: target.stripContent,
        sent,
        queued: queue.spans,
        queuedBytes: queue.bytes,
        maxQueueBytes: settings.maxQueueBytes,
        maxElapsedMs: settings.retry.maxElapsedMs,
        dropped,
        droppedBy: { ...droppedBy },
        failed: droppedBy.retryExpired + droppedBy.rejected,
        lastError,
        lastSentAt,
        lastErrorAt,
        retry: retry && { ...retry },
      };
    },
    flush() {
      if (!queue.spans) return Promise.resolve();
      flushing++;
      wakeBatch?.abort();
      start();
      return new Promise<void>((resolve) => idle.push(resolve)).finally(() => flushing--);
    },
    async close(deadline) {
      if (!closed && queue.spans) {
        const stop = new AbortController();
        await Promise.race([this.flush(), clock.sleep(Math.max(0, deadline - clock.now()), stop.signal)]);
        stop.abort();
      }
      closed = true;
      closing.abort();
      wakeBatch?.abort();
      await loop;
      drop(queue.drain(), 'shutdown');
      state = 'closed';
      retry = null;
      changed();
      for (const resolve of idle.splice(0)) resolve();
    },
  };
}
