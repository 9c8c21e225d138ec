/**
 * CORS headers for an allowed origin (reflected, never `*`), plus the preflight extras when asked.
 * @example new Response(null, { status: 204, headers: corsHeaders('https://app.example.com', request) })
 */
export function corsHeaders(origin: string | null, request: Request, preflight = false): Headers {
  const headers = new Headers();
  if (!origin) return headers;
  headers.set('Access-Control-Allow-Origin', origin);
  headers.set('Vary', 'Origin');
  if (preflight) {
    headers.set('Access-Control-Allow-Methods', 'POST, OPTIONS');
    headers.set('Access-Control-Allow-Headers', request.headers.get('access-control-request-headers') || 'content-type');
    headers.set('Access-Control-Max-Age', '600');
  }
  return headers;
}
