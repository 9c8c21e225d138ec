/**
 * Whether a response carries a stream we should observe: only successful ones (an error reply to a streamed request
 * is a JSON error body); event-stream or NDJSON content types, or, when the request asked for a stream, any content
 * type but JSON (some gateways send SSE as `text/plain` or without a type).
 *
 * @example
 * isStreamingResponse(new Response('', { headers: { 'content-type': 'text/event-stream' } }), false); // true
 */
export function isStreamingResponse(response: Response, requestedStream: boolean): boolean {
  if (!response.ok) return false;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/event-stream') || type.includes('ndjson')) return true;
  return requestedStream && !type.includes('json');
}
