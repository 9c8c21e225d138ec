import { WRAPPED_FETCH, type MarkedFetch, unwrapFetch } from './fetch-marks.js';
import type { WrapFetch } from './wrap-fetch.js';

/**
 * Makes a `tracedFetch`: a fetch for SDK constructors that, on each call, traces through `wrap` around the current
 * uninstrumented global fetch (so an SDK given it is traced once even when the global fetch is patched too, and a
 * fetch polyfilled after import is still picked up).
 *
 * @example
 * export const tracedFetch = createTracedFetch(wrapFetch);
 */
export function createTracedFetch(wrap: WrapFetch): typeof fetch {
  let lastBase: typeof fetch | undefined;
  let lastTraced: typeof fetch | undefined;
  const current = (): typeof fetch => {
    const base = unwrapFetch(globalThis.fetch);
    if (base !== lastBase || !lastTraced) {
      lastBase = base;
      lastTraced = wrap(base);
    }
    return lastTraced;
  };
  const traced = function tracedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    return current()(input, init);
  } as MarkedFetch;
  traced[WRAPPED_FETCH] = true;
  return traced;
}
