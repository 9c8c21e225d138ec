/**
 * Export timeout for a target: short for loopback (a local viewer that is not running refuses at once; retrying
 * for 10 s would only hold up process exit), the OTel default otherwise.
 *
 * @example
 * new OTLPTraceExporter({ url, timeoutMillis: exportTimeoutFor(url) });
 */
export function exportTimeoutFor(url: string): number {
  try {
    const host = new URL(url).hostname;
    if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost')) return 2000;
  } catch {
    // fall through
  }
  return 10_000;
}
