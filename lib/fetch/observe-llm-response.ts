import { diag, type Span } from '@opentelemetry/api';
import type { GenAiRequest, GenAiResponse, ProviderAdapter, StreamFraming } from '../providers/provider-adapter';
import type { ContentOptions } from '../content/content-options';
import { applyLlmResponse, markLlmSpanError, recordFirstChunk, recordLlmSpanException } from '../spans/llm-span';
import { observeBody, type BodyOutcome } from '../streaming/observe-body';
import { createStreamFramer } from '../streaming/stream-framer';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '../semconv';
import { observeBodyReads } from './observe-body-reads';

/** What `observeLlmResponse` needs to finish a span. */
export interface ObserveContext {
  span: Span;
  adapter: ProviderAdapter;
  request: GenAiRequest;
  content: ContentOptions;
  /** `performance.now()` when the request was sent. */
  started: number;
  signal?: AbortSignal | null;
  maxResponseBytes: number;
}

/**
 * Finishes an LLM span from a response without changing what the caller gets: error and JSON bodies are observed as
 * the caller reads them (no copy, no second read; see `observeBodyReads`); streams are observed chunk by chunk
 * through a pass-through body. Returns the response to hand to the caller (the same object unless it is a stream).
 *
 * @example
 * return observeLlmResponse(response, { span, adapter, request, content, started, maxResponseBytes: 8 << 20 });
 */
export function observeLlmResponse(response: Response, ctx: ObserveContext): Response {
  const { span } = ctx;
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
  if (!response.ok) {
    markLlmSpanError(span, String(response.status), response.statusText || undefined);
    finishFromReads(response, ctx, true);
    return response;
  }
  const body = response.body as ReadableStream<Uint8Array> | null;
  if (!body || typeof body.getReader !== 'function') {
    span.end();
    return response;
  }
  if (!isStream(response, ctx)) {
    finishFromReads(response, ctx, false);
    return response;
  }
  return observeStream(response, body, ctx);
}

function isStream(response: Response, ctx: ObserveContext): boolean {
  if (ctx.adapter.isStream) {
    try {
      return ctx.adapter.isStream(response, ctx.request);
    } catch {
      // fall through to the default rule
    }
  }
  const type = response.headers.get('content-type') ?? '';
  return /event-stream|ndjson|x-ndjson|jsonl/i.test(type) || ctx.request.stream;
}

function framingOf(response: Response, ctx: ObserveContext): StreamFraming {
  try {
    const own = ctx.adapter.streamFraming?.(response, ctx.request);
    if (own) return own;
  } catch {
    // default below
  }
  const type = response.headers.get('content-type') ?? '';
  if (/event-stream/i.test(type)) return 'sse';
  if (/ndjson|jsonl/i.test(type)) return 'ndjson';
  if (/json/i.test(type)) return 'json-array';
  return 'sse';
}

function finishFromReads(response: Response, ctx: ObserveContext, isError: boolean): void {
  const status = response.status;
  const arrivedAt = Date.now();
  observeBodyReads(response, ctx.maxResponseBytes, (result) => {
    if (result === 'unread') {
      ctx.span.end(arrivedAt); // never read: the span covers the request up to the response headers
      return;
    }
    let parsed: unknown;
    if (result && 'json' in result) parsed = result.json;
    else if (result && 'text' in result) {
      try {
        parsed = JSON.parse(result.text);
      } catch {
        parsed = undefined;
      }
    }
    if (parsed !== undefined) {
      const out = safeParse(ctx, parsed, status);
      if (out) {
        if (isError && !out.error) out.error = errorFromBody(parsed, status);
        applyLlmResponse(ctx.span, out, ctx.content);
      }
    }
    ctx.span.end();
  });
}

function observeStream(response: Response, body: ReadableStream<Uint8Array>, ctx: ObserveContext): Response {
  const { span } = ctx;
  let accumulator: ReturnType<ProviderAdapter['createStreamAccumulator']> | undefined;
  try {
    accumulator = ctx.adapter.createStreamAccumulator(ctx.request);
  } catch (error) {
    diag.debug('tracelight: adapter could not create a stream accumulator', error);
  }
  const framer = createStreamFramer(framingOf(response, ctx), (event) => {
    try {
      accumulator?.push(event);
    } catch {
      // adapter errors stay here
    }
  });
  const decoder = new TextDecoder();
  let first = true;
  const onAbort = () => observed.end({ kind: 'abort', reason: ctx.signal?.reason });
  const observed = observeBody(body, {
    onChunk(chunk) {
      if (first) {
        first = false;
        recordFirstChunk(span, performance.now() - ctx.started);
      }
      framer.feed(decoder.decode(chunk, { stream: true }));
    },
    onEnd(outcome: BodyOutcome) {
      ctx.signal?.removeEventListener('abort', onAbort);
      try {
        framer.feed(decoder.decode());
        framer.end();
      } catch {
        // ignore trailing garbage
      }
      let result: GenAiResponse | undefined;
      try {
        result = accumulator?.finish();
      } catch (error) {
        diag.debug('tracelight: stream accumulator failed', error);
      }
      if (result) applyLlmResponse(span, result, ctx.content);
      if (outcome.kind === 'error') recordLlmSpanException(span, outcome.error);
      else if (outcome.kind === 'abort') recordLlmSpanException(span, outcome.reason ?? abortError());
      else if (outcome.kind === 'cancel') span.setAttribute('tracelight.stream.cancelled', true);
      span.end();
    },
  });
  if (ctx.signal) {
    if (ctx.signal.aborted) onAbort();
    else ctx.signal.addEventListener('abort', onAbort, { once: true });
  }
  const wrapped = new Response(observed.stream, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // Keep the fields a constructed Response cannot take, so the caller sees the same url/redirected/type.
  try {
    Object.defineProperties(wrapped, {
      url: { value: response.url, enumerable: true },
      redirected: { value: response.redirected, enumerable: true },
      type: { value: response.type, enumerable: true },
    });
  } catch {
    // non-configurable in some runtime: keep the defaults
  }
  return wrapped;
}

function safeParse(ctx: ObserveContext, body: unknown, status: number): GenAiResponse | undefined {
  try {
    return ctx.adapter.parseResponse(body, ctx.request, status);
  } catch (error) {
    diag.debug('tracelight: adapter could not parse response', error);
    return undefined;
  }
}

// Common shapes of JSON error bodies: `{ error: { type | code | status } }`, `{ type: 'error', error: {...} }`.
function errorFromBody(body: unknown, status: number): { type: string; message?: string } {
  const root = (Array.isArray(body) ? body[0] : body) as Record<string, unknown> | undefined;
  const error = (root?.error ?? root) as Record<string, unknown> | undefined;
  const pick = (v: unknown) => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : undefined);
  const type = pick(error?.type) ?? pick(error?.code) ?? pick(error?.status) ?? String(status);
  const message = typeof error?.message === 'string' ? error.message : undefined;
  return { type, message };
}

function abortError(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}
