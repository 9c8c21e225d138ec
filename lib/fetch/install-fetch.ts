import { isWrappedFetch } from './fetch-marks.js';
import type { WrapFetch } from './wrap-fetch.js';
import type { WrapFetchOptions } from './wrap-fetch-options.js';

/**
 * Replaces `globalThis.fetch` with a traced one (once: patching an already patched fetch does nothing) and returns a
 * function that restores the previous fetch, if nobody has replaced ours since.
 *
 * @example
 * const uninstall = installFetch(wrapFetch);
 * // ... later
 * uninstall();
 */
export function installFetch(wrapFetch: WrapFetch, options?: WrapFetchOptions): () => void {
  const original = globalThis.fetch;
  if (typeof original !== 'function' || isWrappedFetch(original)) return () => {};
  const traced = wrapFetch(original, options);
  globalThis.fetch = traced;
  return () => {
    if (globalThis.fetch === traced) globalThis.fetch = original;
  };
}
