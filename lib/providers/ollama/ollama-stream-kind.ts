import type { RequestInfo, StreamFraming } from '../provider-adapter';
import { requestPath } from '../shared/request-path';

/**
 * Whether the request is a POST to a path ending in `suffix` (with or without a trailing slash).
 *
 * @example
 * postTo(request, '/api/chat');
 */
export const postTo = (request: RequestInfo, suffix: string): boolean => {
  if (request.method !== 'POST') return false;
  const path = requestPath(request);
  const end = path.length - (path.endsWith('/') ? 1 : 0);
  return path.startsWith(suffix, end - suffix.length); // no string built per adapter asked
};

/**
 * Ollama streams by default: a request is streamed unless the body says `stream: false`.
 *
 * @example
 * ollamaStreamRequested({ model: 'llama3.2' }); // true
 */
export const ollamaStreamRequested = (body: Record<string, any>): boolean => body.stream !== false;

/**
 * NDJSON as Ollama sends it; an event stream if a proxy re-framed it.
 *
 * @example
 * ollamaStreamFraming(new Response('', { headers: { 'content-type': 'application/x-ndjson' } })); // 'ndjson'
 */
export const ollamaStreamFraming = (response: Response): StreamFraming =>
  (response.headers.get('content-type') ?? '').includes('text/event-stream') ? 'sse' : 'ndjson';
