/** Where the page is, as carried by the URL hash (so it survives a reload and can be shared). */
export interface Route {
  traceId: string | null;
  spanId: string | null;
}

/**
 * Parses `#/trace/<traceId>` and `#/trace/<traceId>/span/<spanId>`; anything else is the trace list.
 *
 * @example
 * parseRoute('#/trace/abc/span/def'); // { traceId: 'abc', spanId: 'def' }
 */
export function parseRoute(hash: string): Route {
  const m = /^#?\/trace\/([^/?#]+)(?:\/span\/([^/?#]+))?\/?$/.exec(hash);
  if (!m) return { traceId: null, spanId: null };
  return { traceId: safeDecode(m[1]), spanId: m[2] ? safeDecode(m[2]) : null };
}

/**
 * Formats a route as a URL hash, the inverse of {@link parseRoute}.
 *
 * @example
 * formatRoute({ traceId: 'abc', spanId: null }); // '#/trace/abc'
 */
export function formatRoute(route: Route): string {
  if (!route.traceId) return '#/';
  const base = `#/trace/${encodeURIComponent(route.traceId)}`;
  return route.spanId ? `${base}/span/${encodeURIComponent(route.spanId)}` : base;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
