/** Marks a fetch Tracelight produced, so it is never wrapped twice (also across ESM/CJS copies). */
export const WRAPPED_FETCH = Symbol.for('tracelight.wrapped-fetch');

/** A fetch function, possibly one we wrapped (`__original` is what OTel's exporters look for to bypass wrappers). */
export type MarkedFetch = typeof fetch & { [WRAPPED_FETCH]?: true; __original?: typeof fetch };

/**
 * Whether `fn` is a fetch Tracelight already instrumented.
 *
 * @example
 * isWrappedFetch(globalThis.fetch);
 */
export function isWrappedFetch(fn: unknown): fn is MarkedFetch {
  return typeof fn === 'function' && (fn as MarkedFetch)[WRAPPED_FETCH] === true;
}

/**
 * The uninstrumented fetch behind `fn` (follows `__original` links), used by exporters so they never trace themselves.
 *
 * @example
 * const raw = unwrapFetch(globalThis.fetch);
 */
export function unwrapFetch(fn: typeof fetch): typeof fetch {
  let current = fn as MarkedFetch;
  for (let i = 0; i < 10 && typeof current.__original === 'function'; i++) current = current.__original as MarkedFetch;
  return current;
}
