import { builtInProviders } from '../providers/index.js';
import { mcp } from '../mcp/mcp.js';
import type { Provider } from '../providers/call-tracer.js';
import type { FetchKit } from './fetch-kit.js';
import { createTracedFetch } from './traced-fetch.js';
import { createWrapFetch, type WrapFetch } from './wrap-fetch.js';

let defaults: readonly Provider[] | undefined;

/**
 * What the default entries trace when the app names nothing: the built-in wire-format adapters (OpenAI and compatible
 * hosts, Anthropic, Gemini, Ollama), then MCP over Streamable HTTP (matched on the request body, so it goes last).
 */
function defaultProviders(): readonly Provider[] {
  return (defaults ??= Object.freeze([...builtInProviders, mcp()]));
}

/**
 * Returns a fetch that traces LLM calls (every built-in wire format, and MCP) as GenAI CLIENT spans and passes
 * everything else straight through. The request is never changed (except a `traceparent` header for origins listed
 * in `propagateTraceTo`), the response keeps its bytes, chunking, errors, `clone()` and `tee()`. Wrapping an already
 * wrapped fetch returns it unchanged.
 *
 * @example
 * import OpenAI from 'openai';
 * const openai = new OpenAI({ fetch: wrapFetch(fetch, { captureContent: false }) });
 */
export const wrapFetch: WrapFetch = /* @__PURE__ */ createWrapFetch(defaultProviders);

/**
 * A fetch to hand to SDK constructors. It traces LLM calls with the configuration `init` set up; before (or without)
 * `init` it traces to the globally registered OTel provider if there is one and otherwise just fetches.
 *
 * @example
 * import OpenAI from 'openai';
 * import { init, tracedFetch } from 'tracelight';
 * init({ patchFetch: false });
 * const openai = new OpenAI({ fetch: tracedFetch });
 */
export const tracedFetch: typeof fetch = /* @__PURE__ */ createTracedFetch(wrapFetch);

/** The default entries' kit: every built-in adapter and MCP. */
export const defaultKit: FetchKit = { wrapFetch, defaults: defaultProviders };
