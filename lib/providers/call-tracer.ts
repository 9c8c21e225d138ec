import type { Attributes, Context, Tracer } from '@opentelemetry/api';
import type { ProviderAdapter, RequestInfo } from './provider-adapter.js';
import type { ContentOptions } from '../content/content-options.js';

/** One fetch handed to a `CallTracer`: what the request says, where its spans go, and a way to send it. */
export interface TracedCall {
  request: RequestInfo;
  /** The context active when the app called fetch (parent of the spans). */
  parent: Context;
  tracer: Tracer;
  content: ContentOptions;
  /** Attributes a foreign tracer provider would not stamp itself (association properties, workflow name). */
  contextAttributes?: Attributes;
  signal?: AbortSignal;
  /** Whether `send({ body })` can replace the body (it was a string in `init`); otherwise the body is sent as is. */
  bodyReplaceable: boolean;
  /**
   * Sends the request: unchanged, or with `body` replaced. `context` is the span a `traceparent` header names when
   * the URL is one `propagateTraceTo` lists. Returns the fetch's own promise (its errors unchanged).
   */
  send(options?: { body?: string; context?: Context }): Promise<Response>;
}

/**
 * Traces a kind of fetch that is not one LLM request and response, such as MCP's JSON-RPC over HTTP, where one fetch
 * carries several calls. Listed beside provider adapters (`init({ providers: [mcp()] })`); the first entry whose
 * `matches` is true takes the call. `trace` must resolve to the very Response `send` resolved to, and must never
 * throw anything but the fetch's own errors.
 *
 * @example
 * const logCalls: CallTracer = { id: 'log', matches: (r) => r.url.hostname === 'rpc.local', trace: (call) => call.send() };
 */
export interface CallTracer {
  id: string;
  /** Cheap check on URL, method, headers (and body when needed). */
  matches(request: RequestInfo): boolean;
  trace(call: TracedCall): Promise<Response>;
}

/** An entry of the provider registry (`init({ providers })`): a wire-format adapter or a call tracer. */
export type Provider = ProviderAdapter | CallTracer;

/**
 * What `providers` options take: entries, and lists of them as the family factories return (`openai()`).
 *
 * @example
 * const providers: ProviderList = [ollama(), openai(), myAdapter];
 */
export type ProviderList = readonly (Provider | readonly Provider[])[];

/**
 * The registry a call is matched against, in order: the entries an app named (family lists flattened one level), then
 * `rest` (the configured or default entries). `rest` itself when nothing is named. The one place entries are merged:
 * `init` (named, then its entry's defaults) and `wrapFetch` (its own, then what `init` configured) both use it.
 *
 * @example
 * mergeProviders([openai(), myAdapter], defaults); // [...openai(), myAdapter, ...defaults]
 */
export function mergeProviders(named: ProviderList | undefined, rest: readonly Provider[]): readonly Provider[] {
  if (!named || named.length === 0) return rest;
  const out: Provider[] = [];
  for (const entry of named) Array.isArray(entry) ? out.push(...(entry as readonly Provider[])) : out.push(entry as Provider);
  return out.length ? [...out, ...rest] : rest;
}

/**
 * Whether a registry entry is a `CallTracer` rather than a provider adapter.
 *
 * @example
 * if (isCallTracer(entry)) return entry.trace(call);
 */
export function isCallTracer(entry: object): entry is CallTracer {
  return typeof (entry as CallTracer).trace === 'function';
}
