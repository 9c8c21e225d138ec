import { isSecretParam } from './secret-params.js';

/**
 * Returns `url` as a string with credentials removed: user info is dropped and the values of secret-looking query
 * parameters (`key`, `api-key`, `token`, `sig`, `signature`, `X-Amz-*`, `X-Goog-*`, SAS fields ...) become `REDACTED`.
 * Used for every URL that could reach a span, so `?key=` style auth never leaves the process.
 *
 * @example
 * scrubUrl(new URL('https://x.googleapis.com/v1/m:generateContent?key=abc&alt=sse'));
 * // 'https://x.googleapis.com/v1/m:generateContent?key=REDACTED&alt=sse'
 */
export function scrubUrl(url: URL): string {
  // The common case (no credentials, query or fragment) needs no copy.
  if (!url.search && !url.hash && !url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  if (copy.search) {
    const params = copy.searchParams;
    for (const name of new Set(params.keys())) {
      if (isSecretParam(name)) params.set(name, 'REDACTED');
    }
  }
  return copy.href;
}
