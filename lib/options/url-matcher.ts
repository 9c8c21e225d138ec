/** Which request URLs get a W3C `traceparent` header: origins (`https://api.example.com`), regexes, or a predicate. */
export type PropagateTraceTo =
  | string
  | RegExp
  | ((url: URL) => boolean)
  | ReadonlyArray<string | RegExp | ((url: URL) => boolean)>;

/** A compiled `PropagateTraceTo`. */
export type UrlMatcher = (url: URL) => boolean;

/**
 * Compiles `propagateTraceTo` into a predicate. Strings are compared against the URL's origin (a trailing slash is
 * ignored), regexes are tested against the full URL, functions are called with the URL. Nothing matches by default.
 *
 * @example
 * const match = compileUrlMatcher(['http://localhost:3000', /\.internal\.example\.com\//]);
 * match(new URL('http://localhost:3000/api/chat')); // true
 */
export function compileUrlMatcher(spec: PropagateTraceTo | undefined): UrlMatcher | undefined {
  if (spec === undefined || spec === null) return undefined;
  const list = (Array.isArray(spec) ? spec : [spec]) as Array<string | RegExp | ((url: URL) => boolean)>;
  if (list.length === 0) return undefined;
  const tests = list.map((item): UrlMatcher => {
    if (typeof item === 'function') return (url) => item(url) === true;
    if (item instanceof RegExp) return (url) => item.test(url.href);
    let origin: string;
    try {
      origin = new URL(item).origin;
    } catch {
      origin = item.replace(/\/+$/, '');
    }
    return (url) => url.origin === origin;
  });
  return (url) => {
    for (const test of tests) {
      try {
        if (test(url)) return true;
      } catch {
        // a throwing predicate means "no"
      }
    }
    return false;
  };
}
