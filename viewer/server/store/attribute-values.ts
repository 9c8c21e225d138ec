import type { AttributeValue, Attributes } from '../../shared/api-types.js';
import type { OtlpAnyValue, OtlpKeyValue } from '../../../lib/forward/otlp-types.js';

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
