import type { AttributeValue, Attributes, StoredSpan } from '../shared/api-types.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpResourceSpans, OtlpTraceRequest } from '../../lib/forward/otlp-types.js';

function toAnyValue(v: AttributeValue): OtlpAnyValue {
  if (v === null) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(toAnyValue) } };
  if ('bytes' in v && typeof v.bytes === 'string' && Object.keys(v).length === 1) return { bytesValue: v.bytes };
  return { kvlistValue: { values: toKeyValues(v as Attributes) } };
}

function toKeyValues(attrs: Attributes): OtlpKeyValue[] {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: toAnyValue(value) }));
}

/**
 * Turns stored spans back into an OTLP JSON request (for "export trace"), grouped by resource and scope.
 * @example JSON.stringify(storedSpansToOtlp(trace.spans))
 */
export function storedSpansToOtlp(spans: StoredSpan[]): OtlpTraceRequest {
  const byResource = new Map<string, { rs: OtlpResourceSpans; scopes: Map<string, number> }>();
  for (const s of spans) {
    const rKey = JSON.stringify(s.resource.attributes);
    let entry = byResource.get(rKey);
    if (!entry) {
      entry = { rs: { resource: { attributes: toKeyValues(s.resource.attributes) }, scopeSpans: [] }, scopes: new Map() };
      byResource.set(rKey, entry);
    }
    const sKey = `${s.scope.name}@${s.scope.version ?? ''}`;
    let index = entry.scopes.get(sKey);
    if (index === undefined) {
      index = entry.rs.scopeSpans.push({ scope: { ...s.scope }, spans: [] }) - 1;
      entry.scopes.set(sKey, index);
    }
    entry.rs.scopeSpans[index].spans.push({
      traceId: s.traceId,
      spanId: s.spanId,
      parentSpanId: s.parentSpanId ?? '',
      name: s.name,
      kind: s.kind,
      startTimeUnixNano: s.startTimeUnixNano,
      endTimeUnixNano: s.endTimeUnixNano,
      attributes: toKeyValues(s.attributes),
      events: s.events.map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano, attributes: toKeyValues(e.attributes) })),
      links: (s.links ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: toKeyValues(l.attributes) })),
      status: { ...s.status },
    });
  }
  return { resourceSpans: [...byResource.values()].map((e) => e.rs) };
}
