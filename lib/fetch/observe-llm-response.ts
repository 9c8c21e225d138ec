import { diag, type Span } from '@opentelemetry/api';
import type { GenAiRequest, GenAiResponse, ProviderAdapter, StreamFraming } from '../providers/provider-adapter.js';
import type { ContentOptions } from '../content/content-options.js';
import { applyLlmResponse, markLlmSpanError, recordFirstChunk, recordLlmSpanException } from '../spans/llm-span.js';
import { createStreamFramer } from '../streaming/create-stream-framer.js';
import { createChunkDecoder, type ChunkDecoder } from '../streaming/chunk-decoder.js';
import { ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_TRACELIGHT_RESPONSE_UNREAD } from '../spans/semconv.js';
import { observeResponseReads, type ReadObserver, type ReadOutcome } from '../streaming/observe-response-reads.js';
import { adapterSeesStream } from '../providers/shared/response-is-stream.js';
import type { TextScrubber } from '../content/scrub-secrets.js';
import { lazyRequestScrubber, type RequestCredentials } from '../content/request-secrets.js';

/** What `observeLlmResponse` needs to finish a span. */
export interface ObserveContext {
  span: Span;
  adapter: ProviderAdapter;
  request: GenAiRequest;
  content: ContentOptions;
  /** `performance.now()` when the request was sent. */
  started: number;
  signal?: AbortSignal | null;
  /** Largest non-streamed body kept for parsing when it is read through `body`. */
  maxResponseBytes: number;
  /** The request's URL and headers: error text that reaches the span is scrubbed of the credentials in them. */
  credentials?: RequestCredentials;
  /** A response nobody starts reading within this long ends its span (default `UNREAD_TIMEOUT_MS`). */
  unreadTimeoutMs?: number;
}

/**
 * Finishes an LLM span from a response as the caller reads it, handing back the very same Response object (see
 * `observeResponseReads`): JSON and error bodies are parsed from what `json()`/`text()`/`body` delivered, streams are
 * framed (SSE, NDJSON, JSON array) chunk by chunk into the adapter's accumulator.
 *
 * @example
 * return observeLlmResponse(response, { span, adapter, request, content, started, maxResponseBytes: 8 << 20 });
 */
export function observeLlmResponse(response: Response, ctx: ObserveContext): Response {
  const { span } = ctx;
  // Built on first use only (an error): provider error bodies may echo the request's key.
  const scrub = lazyRequestScrubber(ctx.credentials);
  span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
  if (!response.ok) markLlmSpanError(span, String(response.status), response.statusText || undefined, scrub);
  const body = response.body; // one read of the getter
  if (!body || typeof (body as ReadableStream).getReader !== 'function') {
    span.end();
    return response;
  }
  const observer = response.ok && adapterSeesStream(ctx.adapter, response, ctx.request) ? streamObserver(response, ctx, scrub) : jsonObserver(response, ctx, scrub);
  observeResponseReads(response, observer, ctx.signal ?? undefined, ctx.unreadTimeoutMs);
  return response;
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

/** Non-streamed (and error) bodies: keep what was read (bounded), parse once at the end. */
function jsonObserver(response: Response, ctx: ObserveContext, scrub: TextScrubber): ReadObserver {
  const status = response.status; // the observer must not hold the Response
  let decoder: ChunkDecoder | undefined; // only for bodies read through `body`; json()/text() need none
  let text = '';
  let size = 0;
  let parsed: unknown;
  return {
    chunk(bytes) {
      size += bytes.byteLength;
      if (size <= ctx.maxResponseBytes) text += (decoder ??= createChunkDecoder()).decode(bytes);
      else text = '';
    },
    whole(body) {
      if ('json' in body) parsed = body.json;
      else if (body.text.length <= ctx.maxResponseBytes) text = body.text;
    },
    end(outcome) {
      const { span } = ctx;
      if (outcome.kind === 'unread') return endUnread(span, outcome);
      if (parsed === undefined && text && size <= ctx.maxResponseBytes) {
        try {
          parsed = JSON.parse(decoder ? text + decoder.end() : text);
        } catch {
          parsed = undefined;
        }
      }
      if (parsed !== undefined) {
        const out = safeParse(ctx, parsed, status);
        if (out) {
          if (status >= 400 && !out.error) out.error = errorFromBody(parsed, status);
          applyLlmResponse(span, out, ctx.content, scrub);
        }
      }
      endWithOutcome(span, outcome, scrub);
    },
  };
}

/** Streams: frame chunks into the adapter's accumulator; finish it when reading ends. */
function streamObserver(response: Response, ctx: ObserveContext, scrub: TextScrubber): ReadObserver {
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
  const decoder = createChunkDecoder();
  let first = true;
  const firstChunk = () => {
    if (!first) return;
    first = false;
    recordFirstChunk(span, performance.now() - ctx.started);
  };
  return {
    chunk(bytes) {
      firstChunk();
      framer.feed(decoder.decode(bytes));
    },
    whole(body) {
      firstChunk();
      if ('text' in body) framer.feed(body.text);
      else if (Array.isArray(body.json)) for (const value of body.json) accumulator?.push({ kind: 'json', value });
      else accumulator?.push({ kind: 'json', value: body.json });
    },
    end(outcome) {
      if (outcome.kind === 'unread') return endUnread(span, outcome);
      try {
        framer.feed(decoder.end());
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
      if (result) applyLlmResponse(span, result, ctx.content, scrub);
      endWithOutcome(span, outcome, scrub);
    },
  };
}

/**
 * Never read: the span covers the request up to the response headers, and says why it ended without a body
 * (`garbage_collected` or `timeout`), so the viewer can tell it from a call that returned nothing.
 */
function endUnread(span: Span, outcome: Extract<ReadOutcome, { kind: 'unread' }>): void {
  span.setAttribute(ATTR_TRACELIGHT_RESPONSE_UNREAD, outcome.cause);
  span.end(outcome.arrivedAt);
}

function endWithOutcome(span: Span, outcome: ReadOutcome, scrub: TextScrubber): void {
  if (outcome.kind === 'error') recordLlmSpanException(span, outcome.error, scrub);
  else if (outcome.kind === 'abort') recordLlmSpanException(span, outcome.reason ?? abortError(), scrub);
  else if (outcome.kind === 'cancel') span.setAttribute('tracelight.stream.cancelled', true);
  span.end();
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
