import type { Tracer } from '@opentelemetry/api';
import type { ProviderList } from '../providers/call-tracer.js';
import type { RedactHook } from '../content/content-options.js';
import type { PropagateTraceTo } from '../options/url-matcher.js';

/**
 * Options for `wrapFetch`. Anything left out follows what `init` configured (or the defaults before `init`).
 *
 * @example
 * const f = wrapFetch(fetch, { captureContent: false, providers: [myAdapter] });
 */
export interface WrapFetchOptions {
  /** Adapters tried before the configured ones. */
  providers?: ProviderList;
  /** Record prompts and completions (default: as configured, on by default). */
  captureContent?: boolean;
  /** Cap for each content attribute, in characters. */
  maxContentLength?: number;
  /** Redact or drop content before it is put on a span. */
  redact?: RedactHook;
  /** Origins/regexes/predicate whose requests get a W3C `traceparent` header. Default: none. */
  propagateTraceTo?: PropagateTraceTo;
  /** Tracer to start LLM spans with instead of the configured one (e.g. one from your own tracer provider). */
  tracer?: Tracer;
  /** Largest non-streamed response body parsed (as the caller reads it); larger ones are left unparsed. Default 8 MiB. */
  maxResponseBytes?: number;
  /**
   * A response whose body nobody starts reading within this long ends its span (at the response headers, with
   * `tracelight.response.unread: "timeout"`); one garbage-collected unread ends sooner (`"garbage_collected"`).
   * Default: as `init` set it, else 60 s.
   */
  unreadResponseTimeoutMs?: number;
}
