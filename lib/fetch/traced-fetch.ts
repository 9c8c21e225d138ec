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
export const tracedFetch: typeof fetch = Object.assign(
  function tracedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return current()(input, init);
  },
  { [WRAPPED_FETCH]: true as const },
) as MarkedFetch;
