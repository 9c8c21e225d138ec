import { decodeTraceResponseProtobuf } from './encode-otlp-protobuf.js';
import { getOtlpMessageTypes } from './otlp-message-types.js';
import type { OtlpEncoding } from './decode-trace-body.js';
import { isRetryableStatus, parseRetryAfter } from './retry-policy.js';

/** What one upstream attempt came to. Error texts are raw here: the caller scrubs them before showing them. */
export type SendResult =
  | { kind: 'ok'; rejected: number; message: string }
  | { kind: 'retry'; error: string; retryAfterMs: number | null }
  | { kind: 'reject'; error: string };

/** One POST of a batch. */
export interface SendRequest {
  fetch: typeof fetch;
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
  encoding: OtlpEncoding;
  timeoutMs: number;
  /** Aborts the attempt (the forwarder is closing). */
  signal: AbortSignal;
  now: () => number;
}

const CONTENT_TYPE: Record<OtlpEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };
const MAX_ERROR_BODY = 2_000;

/**
 * POSTs one batch and classifies the answer per OTLP/HTTP: 2xx is success (with its partial success, if any);
 * 429/502/503/504, network errors and timeouts are retryable (with the upstream's `Retry-After`); anything else is
 * final. Never throws.
 * @example const result = await sendBatch({ fetch, url, headers, body, encoding: 'protobuf', timeoutMs: 10_000, signal, now: Date.now });
 */
export async function sendBatch(request: SendRequest): Promise<SendResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  (timer as { unref?: () => void }).unref?.();
  const onClose = () => controller.abort();
  request.signal.addEventListener('abort', onClose, { once: true });
  try {
    const response = await request.fetch(request.url, {
      method: 'POST',
      headers: { ...request.headers, 'content-type': CONTENT_TYPE[request.encoding] },
      body: request.body as unknown as BodyInit,
      signal: controller.signal,
    });
    if (response.ok) return { kind: 'ok', ...(await partialSuccess(response)) };
    const text = await errorText(response);
    const error = `HTTP ${response.status}${text ? `: ${text}` : ''}`;
    if (isRetryableStatus(response.status)) {
      return { kind: 'retry', error, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), request.now()) };
    }
    return { kind: 'reject', error };
  } catch (error) {
    if (timedOut) return { kind: 'retry', error: `timed out after ${request.timeoutMs} ms`, retryAfterMs: null };
    if (request.signal.aborted) return { kind: 'retry', error: 'cancelled: the forwarder is closing', retryAfterMs: null };
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const cause = e.cause ? `: ${e.cause.code ?? e.cause.message ?? ''}` : '';
    return { kind: 'retry', error: `${e.message}${cause}`, retryAfterMs: null };
  } finally {
    clearTimeout(timer);
    request.signal.removeEventListener('abort', onClose);
  }
}

/** The partial success an OTLP receiver may report in a 200 answer (protobuf or JSON). */
async function partialSuccess(response: Response): Promise<{ rejected: number; message: string }> {
  try {
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('protobuf')) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (!bytes.length) return { rejected: 0, message: '' };
      const p = decodeTraceResponseProtobuf(bytes);
      return { rejected: p.rejectedSpans, message: p.errorMessage };
    }
    if (type.includes('json')) {
      const body = (await response.json()) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } };
      const p = body?.partialSuccess;
      return { rejected: Number(p?.rejectedSpans ?? 0) || 0, message: p?.errorMessage ?? '' };
    }
    await response.body?.cancel();
  } catch {
    // An unreadable success body is still a success.
  }
  return { rejected: 0, message: '' };
}

// An error answer's message: a protobuf google.rpc.Status (what collectors answer to protobuf requests), or text.
async function errorText(response: Response): Promise<string> {
  try {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (!bytes.length) return '';
    if ((response.headers.get('content-type') ?? '').includes('protobuf')) {
      try {
        const status = getOtlpMessageTypes().rpcStatus.decode(bytes) as unknown as { message?: string };
        if (status.message) return status.message.slice(0, MAX_ERROR_BODY);
      } catch {
        // not a Status: fall through to text
      }
    }
    const text = new TextDecoder().decode(bytes.subarray(0, MAX_ERROR_BODY)).trim();
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? '' : text.replace(/\s+/g, ' ');
  } catch {
    return '';
  }
}
