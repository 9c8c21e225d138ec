/**
 * Whether a response carries a stream we should observe: only successful ones (an error reply to a streamed request is
 * a JSON error body), with an event-stream or NDJSON content type.
 */
export function isStreamingResponse(response: Response): boolean {
  if (!response.ok) return false;
  const type = response.headers.get('content-type') ?? '';
  return type.includes('text/event-stream') || type.includes('ndjson');
}
