import type { GenAiRequest, ProviderAdapter } from '../provider-adapter.js';

/**
 * Whether a response carries a stream we should observe: only successful ones (an error reply to a streamed request
 * is a JSON error body); event-stream or NDJSON/JSON Lines content types, or, when the request asked for a stream, any
 * content type but JSON (some gateways send SSE as `text/plain` or without a type, and a gateway that cannot stream
 * answers JSON). The default of `ProviderAdapter.isStream` (applied by `adapterSeesStream`); an adapter whose
 * wire streams JSON (Gemini's JSON array) brings its own.
 *
 * @example
 * isStreamingResponse(new Response('', { headers: { 'content-type': 'text/event-stream' } }), { stream: false }); // true
 */
export function isStreamingResponse(response: Response, request: Pick<GenAiRequest, 'stream'>): boolean {
  if (!response.ok) return false;
  const type = (response.headers.get('content-type') ?? '').toLowerCase();
  if (type.includes('text/event-stream') || type.includes('ndjson') || type.includes('jsonl')) return true;
  return request.stream && !type.includes('json');
}

/**
 * Whether `adapter` takes this response as a stream: its own `isStream` when it has one (and it does not throw), else
 * the default, `isStreamingResponse`. Adapters leave the default out; this is where it is applied.
 *
 * @example
 * adapterSeesStream(openAiChatAdapter, response, request); // isStreamingResponse(response, request)
 */
export function adapterSeesStream(adapter: ProviderAdapter, response: Response, request: GenAiRequest): boolean {
  if (adapter.isStream) {
    try {
      return adapter.isStream(response, request);
    } catch {
      // the default below
    }
  }
  return isStreamingResponse(response, request);
}
