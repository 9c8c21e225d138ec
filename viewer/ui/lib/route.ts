/** One side of a comparison: a trace, or one span of it. */
export interface CompareSide {
  traceId: string;
  spanId: string | null;
}

/** The trace list, with an open trace and span when set (`#/`, `#/trace/<id>`, `#/trace/<id>/span/<id>`). */
export interface TraceRoute {
  page?: undefined;
  traceId: string | null;
  spanId: string | null;
}

/** Two spans or two traces side by side (`#/compare/<traceA>/<spanA>/<traceB>/<spanB>`, `#/compare/<traceA>/<traceB>`). */
export interface CompareRoute {
  page: 'compare';
  traceId: null;
  spanId: null;
  left: CompareSide;
  right: CompareSide;
}

/** One session as a conversation across its traces (`#/session/<id>`). */
export interface SessionRoute {
  page: 'session';
  traceId: null;
  spanId: null;
  sessionId: string;
}

/**
 * Where the page is, as carried by the URL hash (so it survives a reload and can be shared). Every variant has
 * `traceId` / `spanId` (null outside the trace list), so code about the open trace reads them directly.
 */
export type Route = TraceRoute | CompareRoute | SessionRoute;

/**
 * Parses a URL hash; anything unknown is the trace list.
 *
 * @example
 * parseRoute('#/trace/abc/span/def'); // { traceId: 'abc', spanId: 'def' }
 * parseRoute('#/compare/a/b').page;   // 'compare'
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#?\/?/, '').replace(/\/$/, '');
  const parts = path ? path.split('/').map(safeDecode) : [];
  if (parts[0] === 'trace' && (parts.length === 2 || (parts.length === 4 && parts[2] === 'span'))) {
    return { traceId: parts[1], spanId: parts[3] ?? null };
  }
  if (parts[0] === 'compare' && (parts.length === 3 || parts.length === 5)) {
    const [left, right] =
      parts.length === 3
        ? [{ traceId: parts[1], spanId: null }, { traceId: parts[2], spanId: null }]
        : [{ traceId: parts[1], spanId: parts[2] }, { traceId: parts[3], spanId: parts[4] }];
    return compareRoute(left, right);
  }
  if (parts[0] === 'session' && parts.length === 2 && parts[1]) return sessionRoute(parts[1]);
  return { traceId: null, spanId: null };
}

/**
 * Formats a route as a URL hash, the inverse of {@link parseRoute}.
 *
 * @example
 * formatRoute({ traceId: 'abc', spanId: null }); // '#/trace/abc'
 */
export function formatRoute(route: Route): string {
  const e = encodeURIComponent;
  if (route.page === 'compare') {
    const { left, right } = route;
    if (left.spanId && right.spanId) return `#/compare/${e(left.traceId)}/${e(left.spanId)}/${e(right.traceId)}/${e(right.spanId)}`;
    return `#/compare/${e(left.traceId)}/${e(right.traceId)}`;
  }
  if (route.page === 'session') return `#/session/${e(route.sessionId)}`;
  if (!route.traceId) return '#/';
  const base = `#/trace/${e(route.traceId)}`;
  return route.spanId ? `${base}/span/${e(route.spanId)}` : base;
}

/**
 * A compare route; two spans when both sides name one, else the two traces.
 *
 * @example
 * formatRoute(compareRoute({ traceId: 'a', spanId: 'x' }, { traceId: 'b', spanId: 'y' })); // '#/compare/a/x/b/y'
 */
export function compareRoute(left: CompareSide, right: CompareSide): CompareRoute {
  const spans = !!left.spanId && !!right.spanId;
  return {
    page: 'compare',
    traceId: null,
    spanId: null,
    left: { traceId: left.traceId, spanId: spans ? left.spanId : null },
    right: { traceId: right.traceId, spanId: spans ? right.spanId : null },
  };
}

/**
 * The route of one session's page.
 *
 * @example
 * formatRoute(sessionRoute('s_7')); // '#/session/s_7'
 */
export function sessionRoute(sessionId: string): SessionRoute {
  return { page: 'session', traceId: null, spanId: null, sessionId };
}

/**
 * Whether two routes point at the same place.
 *
 * @example
 * sameRoute(parseRoute('#/trace/a'), { traceId: 'a', spanId: null }); // true
 */
export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
