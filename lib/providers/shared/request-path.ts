import type { RequestInfo } from '../provider-adapter.js';

// The registry asks every adapter about the same request in a row; reading `URL#pathname` once instead of once per
// adapter keeps matching cheap on the hot path. A one-entry cache keyed by the URL object (never a growing map).
let lastUrl: URL | undefined;
let lastPath = '';

/**
 * The request's URL path, read once per request however many adapters ask.
 *
 * @example
 * requestPath({ url: new URL('https://api.openai.com/v1/chat/completions'), method: 'POST', headers: new Headers(), body: {} }); // '/v1/chat/completions'
 */
export function requestPath(request: RequestInfo): string {
  if (request.url !== lastUrl) {
    lastUrl = request.url;
    lastPath = request.url.pathname;
  }
  return lastPath;
}
