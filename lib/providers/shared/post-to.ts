import type { RequestInfo } from '../provider-adapter.js';
import { requestPath } from './request-path.js';

/**
 * Whether the request is a POST to a path ending in `suffix` (with or without a trailing slash).
 *
 * @example
 * postTo({ url: new URL('http://localhost:11434/api/chat/'), method: 'POST', headers: new Headers(), body: {} }, '/api/chat'); // true
 */
export function postTo(request: RequestInfo, suffix: string): boolean {
  if (request.method !== 'POST') return false;
  const path = requestPath(request);
  const end = path.length - (path.endsWith('/') ? 1 : 0);
  return path.startsWith(suffix, end - suffix.length); // no string built per adapter asked
}
