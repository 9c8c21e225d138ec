import type { StreamFraming } from '../provider-adapter.js';

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
