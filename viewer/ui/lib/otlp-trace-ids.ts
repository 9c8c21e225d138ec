/**
 * Trace ids found in an OTLP JSON document (`resourceSpans[].scopeSpans[].spans[].traceId`, hex as the OTLP JSON
 * encoding requires), in order of first appearance and lower-cased like the server stores them.
 * Used after an import to open what was imported.
 *
 * @example
 * otlpTraceIds({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'AB…' }] }] }] }); // ['ab…']
 */
export function otlpTraceIds(document: unknown): string[] {
  const ids = new Set<string>();
  for (const rs of arrayAt(document, 'resourceSpans')) {
    for (const ss of arrayAt(rs, 'scopeSpans')) {
      for (const span of arrayAt(ss, 'spans')) {
        const id = (span as { traceId?: unknown }).traceId;
        if (typeof id === 'string' && /^[0-9a-f]{32}$/i.test(id)) ids.add(id.toLowerCase());
      }
    }
  }
  return [...ids];
}

function arrayAt(value: unknown, key: string): unknown[] {
  if (!value || typeof value !== 'object') return [];
  const v = (value as Record<string, unknown>)[key];
  return Array.isArray(v) ? v : [];
}
