import { decodeTraceResponseProtobuf, encodeTraceRequestProtobuf } from './encode-otlp-protobuf.js';
import type { ForwardConfig } from './forward-config.js';
import { stripContent } from './strip-content.js';
import { countSpans, type OtlpResourceSpans, type OtlpTraceRequest } from './otlp-types.js';

/** Forwarding counters, as `/api/health` shows them (same shape as the viewer's `ForwardingStatus`). */
export interface ForwarderStatus {
  target: string | null;
  sent: number;
  failed: number;
  queued: number;
  dropped: number;
  lastError: string | null;
}

/** Tuning knobs; the defaults suit a local viewer and a small relay. */
export interface ForwarderOptions {
  /** The fetch to send with (default: globalThis.fetch at send time). */
  fetch?: typeof fetch;
  /** Most spans held while upstream is slow or down; beyond it the oldest are dropped and counted. Default 20,000. */
  maxQueueSpans?: number;
  /** Spans per upstream request. Default 1,000. */
  maxBatchSpans?: number;
  /** How long to wait for more spans before sending a partial batch. Default 200 ms. */
  batchDelayMs?: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Retries of one batch on 429/502/503/504 or network errors. Default 5. */
  maxRetries?: number;
  /** First backoff; doubles per retry, with jitter, capped by `maxBackoffMs`. Default 500 ms. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Wire encoding upstream. Default 'protobuf'; switches to 'json' by itself where the runtime forbids the code
   * generation protobufjs relies on (edge runtimes without `new Function`).
   */
  encoding?: 'protobuf' | 'json';
  /** Called (synchronously) whenever the counters change. */
  onStatus?: (status: ForwarderStatus) => void;
}

/** A running forwarder. */
export interface Forwarder {
  /** Queues a request's spans for upstream (stripped of content if configured). Never throws, never blocks. */
  enqueue(request: OtlpTraceRequest): void;
  status(): ForwarderStatus;
  /** Resolves when everything queued so far was sent or given up on. */
  flush(): Promise<void>;
  /** Flushes for at most `timeoutMs` (default 5 s), then drops the rest. */
  close(timeoutMs?: number): Promise<void>;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

interface Item {
  rs: OtlpResourceSpans;
  spans: number;
}

// Retry-After is seconds or an HTTP date (RFC 9110 10.2.3).
function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** The partial success an OTLP receiver may report in a 200 answer (protobuf or JSON). */
async function partialSuccess(response: Response): Promise<{ rejected?: number; message?: string }> {
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('protobuf')) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!bytes.length) return {};
      const p = decodeTraceResponseProtobuf(bytes);
      return { rejected: p.rejectedSpans, message: p.errorMessage };
    }
    if (type.includes('json')) {
      const body = (await response.json()) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } };
      const p = body?.partialSuccess;
      return p ? { rejected: Number(p.rejectedSpans ?? 0) || 0, message: p.errorMessage } : {};
    }
    await response.body?.cancel();
  } catch {
    // An unreadable success body is still a success.
  }
  return {};
}

function unref(timer: unknown): void {
  // Node keeps the process alive for pending timers; a forwarder must never do that. Browsers have no unref.
  (timer as { unref?: () => void } | undefined)?.unref?.();
}

/**
 * Creates a batching OTLP/HTTP protobuf forwarder: retries with exponential backoff, jitter and `Retry-After` on
 * 429/502/503/504, never on other 4xx; a request timeout; a bounded queue that drops the oldest spans and counts them.
 * Web APIs only: shared by the viewer and the production relay. Error texts are scrubbed of the configured header
 * values so a key never reaches a status, a log or the UI.
 * @example
 * const forwarder = createForwarder(resolveForwardConfig(process.env)!);
 * forwarder.enqueue(request);
 * await forwarder.close();
 */
export function createForwarder(config: ForwardConfig, options: ForwarderOptions = {}): Forwarder {
  const maxQueue = options.maxQueueSpans ?? 20_000;
  const maxBatch = options.maxBatchSpans ?? 1_000;
  const batchDelay = options.batchDelayMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 5;
  const initialBackoff = options.initialBackoffMs ?? 500;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const secrets = Object.values(config.headers)
    .flatMap((v) => [v, v.replace(/^(Bearer|Basic)\s+/i, '')])
    .filter((v) => v.length >= 4);

  let encoding = options.encoding ?? 'protobuf';
  const queue: Item[] = [];
  let queuedSpans = 0;
  let inFlightSpans = 0;
  let sending = false;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wakeBackoff: (() => void) | undefined;
  const idleWaiters: Array<() => void> = [];
  const status: ForwarderStatus = { target: config.target, sent: 0, failed: 0, queued: 0, dropped: 0, lastError: null };

  function scrub(text: string): string {
    let out = text;
    for (const s of secrets) out = out.split(s).join('***');
    return out.slice(0, 300);
  }

  function changed(): void {
    status.queued = queuedSpans + inFlightSpans;
    try {
      options.onStatus?.({ ...status });
    } catch {
      // listeners must not break forwarding
    }
  }

  function settleIdle(): void {
    if (sending || queue.length) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  }

  function schedule(now = false): void {
    if (sending || closed) return;
    if (now || queuedSpans >= maxBatch) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      void pump();
    } else if (!timer) {
      timer = setTimeout(() => {
        timer = undefined;
        void pump();
      }, batchDelay);
      unref(timer);
    }
  }

  function takeBatch(): Item[] {
    const batch: Item[] = [];
    let n = 0;
    while (queue.length && (n === 0 || n + queue[0].spans <= maxBatch)) {
      const item = queue.shift()!;
      batch.push(item);
      n += item.spans;
    }
    queuedSpans -= n;
    inFlightSpans = n;
    return batch;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      unref(t);
      wakeBackoff = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  function encode(request: OtlpTraceRequest): Uint8Array | string {
    if (encoding === 'protobuf') {
      try {
        return encodeTraceRequestProtobuf(request);
      } catch (error) {
        // EvalError: code generation from strings disallowed (Cloudflare Workers, Vercel Edge). JSON needs none.
        if ((error as Error).name !== 'EvalError') throw error;
        encoding = 'json';
      }
    }
    return JSON.stringify(request);
  }

  async function sendOnce(body: Uint8Array | string): Promise<{ ok: true; rejected?: number; message?: string } | { ok: false; retry: boolean; waitMs: number | null; error: string }> {
    const doFetch = options.fetch ?? globalThis.fetch;
    try {
      const response = await doFetch(config.url, {
        method: 'POST',
        headers: { ...config.headers, 'content-type': typeof body === 'string' ? 'application/json' : 'application/x-protobuf' },
        body: body as unknown as BodyInit,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (response.ok) return { ok: true, ...(await partialSuccess(response)) };
      const text = await response.text().catch(() => '');
      return {
        ok: false,
        retry: RETRYABLE.has(response.status),
        waitMs: retryAfterMs(response.headers.get('retry-after')),
        error: `HTTP ${response.status}${text && !/[\u0000-\u0008]/.test(text) ? `: ${text.trim()}` : ''}`,
      };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      const cause = e.cause ? `: ${e.cause.code ?? e.cause.message ?? ''}` : '';
      const reason = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `${e.message}${cause}`;
      return { ok: false, retry: true, waitMs: null, error: reason };
    }
  }

  async function pump(): Promise<void> {
    if (sending) return;
    sending = true;
    try {
      while (queue.length && !closed) {
        const batch = takeBatch();
        changed();
        const n = inFlightSpans;
        let body: Uint8Array | string;
        try {
          body = encode({ resourceSpans: batch.map((i) => i.rs) });
        } catch (error) {
          status.failed += n;
          status.lastError = scrub(`encode failed: ${(error as Error).message}`);
          inFlightSpans = 0;
          changed();
          continue;
        }
        for (let attempt = 0; ; attempt++) {
          const result = await sendOnce(body);
          if (result.ok) {
            const rejected = Math.min(n, result.rejected ?? 0);
            status.sent += n - rejected;
            status.failed += rejected;
            status.lastError = rejected ? scrub(`upstream rejected ${rejected} spans: ${result.message ?? ''}`) : null;
            break;
          }
          status.lastError = scrub(result.error);
          if (!result.retry || attempt >= maxRetries || closed) {
            status.failed += n;
            break;
          }
          changed();
          const backoff = Math.min(maxBackoff, initialBackoff * 2 ** attempt) * (0.5 + Math.random());
          await sleep(Math.min(maxBackoff, Math.max(result.waitMs ?? 0, backoff)));
        }
        inFlightSpans = 0;
        changed();
      }
    } finally {
      sending = false;
      settleIdle();
    }
  }

  return {
    enqueue(request) {
      if (closed) return;
      try {
        const out = config.stripContent ? stripContent(request) : request;
        for (const rs of out.resourceSpans) {
          const spans = countSpans({ resourceSpans: [rs] });
          if (!spans) continue;
          queue.push({ rs, spans });
          queuedSpans += spans;
        }
        // Bounded: drop the oldest whole items (each is one resource's spans of one export) and count them.
        while (queuedSpans > maxQueue && queue.length > 1) {
          const dropped = queue.shift()!;
          queuedSpans -= dropped.spans;
          status.dropped += dropped.spans;
        }
        changed();
        schedule();
      } catch (error) {
        status.lastError = scrub(`enqueue failed: ${(error as Error).message}`);
      }
    },
    status() {
      return { ...status, queued: queuedSpans + inFlightSpans };
    },
    flush() {
      if (!sending && !queue.length) return Promise.resolve();
      const done = new Promise<void>((resolve) => idleWaiters.push(resolve));
      schedule(true);
      return done;
    },
    async close(timeoutMs = 5_000) {
      let t: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.flush(), new Promise<void>((resolve) => (t = setTimeout(resolve, timeoutMs)))]);
      if (t) clearTimeout(t);
      closed = true;
      if (timer) clearTimeout(timer);
      wakeBackoff?.();
      status.dropped += queuedSpans;
      queue.length = 0;
      queuedSpans = 0;
      changed();
      settleIdle();
    },
  };
}
