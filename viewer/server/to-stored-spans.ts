import type { AttributeValue, Attributes, SpanKindNumber, StoredSpan } from '../shared/api-types.js';
import { normalizeGenAi } from '../shared/normalize-gen-ai.js';
import type { PriceTable } from '../shared/model-prices.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpTraceRequest } from '../../lib/forward/otlp-types.js';

/**
 * One OTLP AnyValue as a plain JSON value: int64 becomes a number when it is exact, else stays a string.
 * @example anyValueToAttribute({ intValue: '42' }) // 42
 */
export function anyValueToAttribute(v: OtlpAnyValue): AttributeValue {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : v.intValue;
  }
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return v.arrayValue.values.map(anyValueToAttribute);
  if (v.kvlistValue) return keyValuesToAttributes(v.kvlistValue.values);
  if (v.bytesValue !== undefined) return { bytes: v.bytesValue };
  return null;
}

/**
 * OTLP key/values as a plain attribute record.
 * @example keyValuesToAttributes([{ key: 'a', value: { boolValue: true } }]) // { a: true }
 */
export function keyValuesToAttributes(list: OtlpKeyValue[]): Attributes {
  const out: Attributes = {};
  for (const kv of list) out[kv.key] = anyValueToAttribute(kv.value);
  return out;
}

/**
 * `normalizeGenAi` that never throws: a span whose content cannot be read is still stored, without a view.
 * @example span.genAi = safeNormalize(span, prices);
 */
export function safeNormalize(span: StoredSpan, prices: PriceTable): StoredSpan['genAi'] {
  try {
    return normalizeGenAi(span, prices);
  } catch {
    return null;
  }
}

/**
 * Flattens an OTLP request into the viewer's stored spans, with the `genAi` view computed once here.
 * @example const spans = toStoredSpans(request, prices);
 */
export function toStoredSpans(request: OtlpTraceRequest, prices: PriceTable): StoredSpan[] {
  const out: StoredSpan[] = [];
  for (const rs of request.resourceSpans) {
    const resource = { attributes: keyValuesToAttributes(rs.resource.attributes) };
    for (const ss of rs.scopeSpans) {
      const scope = ss.scope.version ? { name: ss.scope.name, version: ss.scope.version } : { name: ss.scope.name };
      for (const s of ss.spans) {
        const attributes = keyValuesToAttributes(s.attributes);
        const events = s.events.map((e) => ({
          name: e.name,
          timeUnixNano: e.timeUnixNano,
          attributes: keyValuesToAttributes(e.attributes),
        }));
        const code = s.status.code === 1 || s.status.code === 2 ? s.status.code : 0;
        const span: StoredSpan = {
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId || null,
          name: s.name,
          kind: (s.kind >= 0 && s.kind <= 5 ? s.kind : 0) as SpanKindNumber,
          startTimeUnixNano: s.startTimeUnixNano,
          endTimeUnixNano: s.endTimeUnixNano,
          status: s.status.message ? { code, message: s.status.message } : { code },
          attributes,
          events,
          resource,
          scope,
          genAi: null,
        };
        if (s.links.length) {
          span.links = s.links.map((l) => ({
            traceId: l.traceId,
            spanId: l.spanId,
            attributes: keyValuesToAttributes(l.attributes),
          }));
        }
        span.genAi = safeNormalize(span, prices);
        out.push(span);
      }
    }
  }
  return out;
}
