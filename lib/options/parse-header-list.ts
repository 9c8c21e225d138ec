/**
 * Parses an OTel `k=v,k2=v2` header list (`OTEL_EXPORTER_OTLP_HEADERS`, `TRACELOOP_HEADERS`,
 * `TRACELIGHT_FORWARD_HEADERS`): keys and values URL-decoded and trimmed; entries without a key are skipped. A part
 * with a malformed `%` escape is kept as written rather than dropped: a credential that happens to contain `%` must
 * still reach the server.
 *
 * @example
 * parseHeaderList('x-team=ai%20lab,authorization=Bearer%20t'); // { 'x-team': 'ai lab', authorization: 'Bearer t' }
 */
export function parseHeaderList(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = decode(part.slice(0, eq).trim());
    if (key) out[key] = decode(part.slice(eq + 1).trim());
  }
  return out;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
