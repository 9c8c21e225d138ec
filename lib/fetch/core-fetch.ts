import type { FetchKit } from './fetch-kit.js';
import type { Provider } from '../providers/call-tracer.js';
import { createTracedFetch } from './traced-fetch.js';
import { createWrapFetch, type WrapFetch } from './wrap-fetch.js';

const NONE: readonly Provider[] = /* @__PURE__ */ Object.freeze([]);
const none = () => NONE;

/**
 * `tracelight/core`'s `wrapFetch`: traces the calls of the providers named in its options or in `init`, and nothing
 * else, so a bundle carries only those adapters.
 *
 * @example
 * import { wrapFetch } from 'tracelight/core';
 * import { openai } from 'tracelight/openai';
 * const traced = wrapFetch(fetch, { providers: [openai()] });
 */
export const wrapFetch: WrapFetch = /* @__PURE__ */ createWrapFetch(none);

/**
 * `tracelight/core`'s `tracedFetch`: a fetch for SDK constructors, tracing the providers `init` was given.
 *
 * @example
 * import { init, tracedFetch } from 'tracelight/core';
 * import { openai } from 'tracelight/openai';
 * init({ providers: [openai()], patchFetch: false });
 * const client = new OpenAI({ fetch: tracedFetch });
 */
export const tracedFetch: typeof fetch = /* @__PURE__ */ createTracedFetch(wrapFetch);

/** `tracelight/core`'s kit: no provider unless named. */
export const coreKit: FetchKit = { wrapFetch, defaults: none };
