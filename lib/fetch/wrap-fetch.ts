import { context, diag, propagation, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import type { GenAiRequest, ProviderAdapter, RequestInfo as GenAiRequestInfo } from '../providers/provider-adapter.js';
import type { ContentOptions } from '../content/content-options.js';
import { getRuntimeState } from '../state/runtime-state.js';
import { getTracelightTracer } from '../spans/get-tracer.js';
import { startLlmSpan, recordLlmSpanException } from '../spans/llm-span.js';
import { contextAttributes } from '../context/association-properties.js';
import { compileUrlMatcher, type UrlMatcher } from '../options/url-matcher.js';
import { describeRequest, isRequest } from './request-info.js';
import { observeLlmResponse } from './observe-llm-response.js';
import { lazyRequestScrubber, type RequestCredentials } from '../content/request-secrets.js';
import { WRAPPED_FETCH, isWrappedFetch, type MarkedFetch } from './fetch-marks.js';
import { isCallTracer, mergeProviders, type CallTracer, type Provider } from '../providers/call-tracer.js';
import type { WrapFetchOptions } from './wrap-fetch-options.js';

interface Settings {
  providers: readonly Provider[];
  content: ContentOptions;
  propagate?: UrlMatcher;
  maxResponseBytes: number;
  unreadResponseTimeoutMs?: number;
  tracer?: Tracer;
}

const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
// Injecting with a fixed propagator works even when the app registered none globally.
const traceContext = /* @__PURE__ */ new W3CTraceContextPropagator();

/** `wrapFetch`'s shape: a traced copy of any fetch. */
export type WrapFetch = (fetchFn: typeof fetch, options?: WrapFetchOptions) => typeof fetch;

/**
 * Makes a `wrapFetch` whose LLM calls are matched against, in order: the adapters in its options, those `init`
 * configured, and, when `init` configured none (before `init`, or without it), `defaults()`. The default entries pass
 * every built-in adapter; `tracelight/core` passes none, so an app pays only for the providers it names.
 *
 * @example
 * export const wrapFetch = createWrapFetch(defaultProviders);
 */
export function createWrapFetch(defaults: () => readonly Provider[]): WrapFetch {
  return function wrapFetch(fetchFn: typeof fetch, options: WrapFetchOptions = {}): typeof fetch {
    if (isWrappedFetch(fetchFn)) return fetchFn;
    let cachedVersion = -1;
    let cached: Settings | undefined;
    const ownMatcher = compileUrlMatcher(options.propagateTraceTo);
    const settings = (): Settings => {
      const state = getRuntimeState();
      if (cached && cachedVersion === state.version) return cached;
      cachedVersion = state.version;
      cached = {
        providers: mergeProviders(options.providers, state.providers ?? defaults()),
        content: {
          captureContent: options.captureContent ?? state.content.captureContent,
          maxContentLength: options.maxContentLength ?? state.content.maxContentLength,
          redact: options.redact ?? state.content.redact,
        },
        propagate: ownMatcher ?? state.propagateTraceTo,
        maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
        unreadResponseTimeoutMs: options.unreadResponseTimeoutMs ?? state.unreadResponseTimeoutMs,
        tracer: options.tracer,
      };
      return cached;
    };

    const wrapped = function tracelightFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
      let info: ReturnType<typeof describeRequest>;
      let s: Settings;
      try {
        s = settings();
        info = describeRequest(input, init);
      } catch (error) {
        diag.debug('tracelight: could not inspect request', error);
        return fetchFn(input, init);
      }
      if (info === undefined) return fetchFn(input, init);
      if (info instanceof Promise) {
        return info.then((resolved) => (resolved ? dispatch({ fetchFn, input, init, info: resolved, settings: s }) : fetchFn(input, init)));
      }
      return dispatch({ fetchFn, input, init, info, settings: s });
    } as MarkedFetch;
    wrapped[WRAPPED_FETCH] = true;
    wrapped.__original = fetchFn;
    return wrapped;
  };
}

type FetchInput = string | URL | Request;

/** One call of a wrapped fetch: what the app passed, what we made of the request, and the settings in force. */
interface FetchCall {
  fetchFn: typeof fetch;
  input: FetchInput;
  init: RequestInit | undefined;
  info: GenAiRequestInfo;
  settings: Settings;
}

// Module-level (not closures made per call): every LLM call passes through here.
function dispatch(call: FetchCall): Promise<Response> {
  const { fetchFn, input, init, info, settings } = call;
  let adapter: ProviderAdapter | undefined;
  let genAi: GenAiRequest | undefined;
  let callTracer: CallTracer | undefined;
  try {
    const found = findProvider(settings.providers, info);
    if (found && isCallTracer(found)) callTracer = found;
    else adapter = found;
    if (adapter) genAi = adapter.parseRequest(info);
  } catch (error) {
    diag.debug('tracelight: adapter failed on request', error);
    genAi = undefined;
  }
  if (callTracer) return traceCall(callTracer, call);
  if (!adapter || !genAi) {
    if (!propagatesTo(call)) return fetchFn(input, init); // the near-zero-cost path for non-LLM calls
    return callWithTraceparent(fetchFn, input, init, context.active());
  }
  return traced(call, adapter, genAi);
}

// A compiled matcher never throws (each test in it is guarded).
function propagatesTo(call: FetchCall): boolean {
  const match = call.settings.propagate;
  return match !== undefined && match(call.info.url);
}

function callWithTraceparent(fetchFn: typeof fetch, input: FetchInput, init: RequestInit | undefined, ctx: Context): Promise<Response> {
  let args: [FetchInput, RequestInit | undefined] = [input, init];
  try {
    args = withTraceparent(input, init, ctx);
  } catch (error) {
    diag.debug('tracelight: could not add traceparent', error);
  }
  return fetchFn(args[0], args[1]);
}

async function traced(call: FetchCall, adapter: ProviderAdapter, genAi: GenAiRequest): Promise<Response> {
  const { fetchFn, input, init, info, settings: s } = call;
  const propagateHere = propagatesTo(call);
  let span: Span;
  let parent: Context;
  let started: number;
  try {
    parent = context.active();
    // With `init`'s provider, its context-attributes processor stamps association properties on every span; only
    // a foreign provider (or a tracer passed in the options) needs them here.
    const own = getRuntimeState().tracer;
    const tracer = s.tracer ?? own ?? getTracelightTracer();
    // Deferred unless a `traceparent` must name it: the span costs the caller nothing before the response.
    span = startLlmSpan({
      tracer,
      parent,
      request: genAi,
      url: info.url,
      method: info.method,
      content: s.content,
      extra: own && tracer === own ? undefined : contextAttributes(parent),
      deferred: !propagateHere,
    });
    started = performance.now();
  } catch (error) {
    diag.debug('tracelight: could not start span', error);
    return fetchFn(input, init);
  }
  let response: Response;
  try {
    // Not run inside `context.with`: in Node that would switch on AsyncLocalStorage's promise hooks, slowing every
    // promise of the app, only to parent spans nobody creates under a fetch. The span's context is built only when a
    // `traceparent` goes out.
    response = await (propagateHere ? callWithTraceparent(fetchFn, input, init, trace.setSpan(parent, span)) : fetchFn(input, init));
  } catch (error) {
    recordLlmSpanException(span, error, lazyRequestScrubber(credentialsOf(call)));
    span.end();
    throw error; // the very same error object
  }
  const signal = init?.signal ?? (isRequest(input) ? input.signal : undefined);
  try {
    return observeLlmResponse(response, {
      span,
      adapter,
      request: genAi,
      content: s.content,
      started,
      signal,
      maxResponseBytes: s.maxResponseBytes,
      credentials: credentialsOf(call),
      unreadTimeoutMs: s.unreadResponseTimeoutMs,
    });
  } catch (error) {
    diag.debug('tracelight: could not observe response', error);
    span.end();
    return response;
  }
}

// The URL and headers only (two references, no copy): error text is scrubbed of them should the call fail, and the
// request body is not kept alive while the response is read.
function credentialsOf({ input, init, info }: FetchCall): RequestCredentials {
  return { url: info.url, headers: init?.headers ?? (isRequest(input) ? input.headers : undefined) };
}

/** Hands the call to a call tracer (MCP); the fetch is made once whatever happens, its result returned as is. */
function traceCall(tracer: CallTracer, call: FetchCall): Promise<Response> {
  const { fetchFn, input, init, info, settings: s } = call;
  const parent = context.active();
  const own = getRuntimeState().tracer;
  const spanTracer = s.tracer ?? own ?? getTracelightTracer();
  const propagateHere = propagatesTo(call);
  let sent: Promise<Response> | undefined;
  const send = (options?: { body?: string; context?: Context }): Promise<Response> => {
    if (sent) return sent; // once, whatever the tracer does
    const actualInit = options?.body !== undefined && typeof init?.body === 'string' ? { ...init, body: options.body } : init;
    try {
      sent = propagateHere ? callWithTraceparent(fetchFn, input, actualInit, options?.context ?? parent) : fetchFn(input, actualInit);
    } catch (error) {
      sent = Promise.reject(error); // a fetch that throws synchronously: the caller still gets its error, once
    }
    return sent;
  };
  try {
    return tracer.trace({
      request: info,
      parent,
      tracer: spanTracer,
      content: s.content,
      contextAttributes: own && spanTracer === own ? undefined : contextAttributes(parent),
      signal: init?.signal ?? (isRequest(input) ? input.signal : undefined) ?? undefined,
      bodyReplaceable: typeof init?.body === 'string',
      send,
    });
  } catch (error) {
    diag.debug(`tracelight: ${tracer.id} failed on request`, error);
    return send();
  }
}

function findProvider(providers: readonly Provider[], req: GenAiRequestInfo): Provider | undefined {
  for (const adapter of providers) {
    try {
      if (adapter.matches(req)) return adapter;
    } catch {
      // a throwing matcher does not match
    }
  }
  return undefined;
}

function withTraceparent(
  input: string | URL | Request,
  init: RequestInit | undefined,
  ctx: Context,
): [string | URL | Request, RequestInit | undefined] {
  const carrier: Record<string, string> = {};
  traceContext.inject(ctx, carrier, { set: (c, k, v) => (c[k] = v) });
  // Also let a globally registered propagator (e.g. baggage) add its headers.
  propagation.inject(ctx, carrier);
  if (Object.keys(carrier).length === 0) return [input, init];
  const headers = new Headers(init?.headers ?? (isRequest(input) ? input.headers : undefined));
  for (const key in carrier) headers.set(key, carrier[key]!);
  return [input, { ...init, headers }];
}
