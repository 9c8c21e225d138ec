import { WRAPPED_FETCH, type MarkedFetch, unwrapFetch } from './fetch-marks';
import { wrapFetch } from './wrap-fetch';

let lastBase: typeof fetch | undefined;
let lastTraced: typeof fetch | undefined;

function current(): typeof fetch {
  // Always wrap the uninstrumented global fetch, so an SDK given `tracedFetch` is traced once even when the
  // global fetch is patched too, and a fetch polyfilled after import is still picked up.
  const base = unwrapFetch(globalThis.fetch);
  if (base !== lastBase || !lastTraced) {
    lastBase = base;
    lastTraced = wrapFetch(base);
  }
  return lastTraced;
}

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
export const tracedFetch: typeof fetch = /* @__PURE__ */ markWrapped(function tracedFetch(
  input: string | URL | Request,
  init?: RequestInit,
): Promise<Response> {
  return current()(input, init);
});

// A call (annotated pure) rather than `Object.assign(fn, { [symbol]: true })`: bundlers cannot prove a computed key
// free of side effects, so that form kept the whole library in bundles that never use `tracedFetch`.
function markWrapped(fn: typeof fetch): typeof fetch {
  (fn as MarkedFetch)[WRAPPED_FETCH] = true;
  return fn;
}
