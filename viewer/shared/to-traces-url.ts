/**
 * The OTLP/HTTP traces URL for an endpoint given either as a collector origin (`http://127.0.0.1:4318`) or as
 * the full traces URL; the demo and the examples accept both.
 *
 * @example
 * toTracesUrl('http://127.0.0.1:4318'); // 'http://127.0.0.1:4318/v1/traces'
 */
export function toTracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (!url.pathname.endsWith('/v1/traces')) url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/traces`;
  return url.toString();
}
