import { base64ToBytes, bytesToBase64 } from './hex-bytes.js';
import { OtlpDecodeError, type OtlpAnyValue, type OtlpKeyValue } from './otlp-types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs messages are untyped */

// Conversions between protobufjs messages and the canonical JSON form, shared by every signal's encoder and decoder.

/** A 64-bit field as protobufjs hands it over: a number when small, else a Long-like `{ low, high }`. */
export type LongLike = number | { low: number; high: number; unsigned?: boolean };

/**
 * An unsigned 64-bit field as a decimal string (OTLP JSON's form), exact past 2^53.
 * @example u64({ low: 0, high: 1 }) // '4294967296'
 */
export function u64(value: LongLike | null | undefined): string {
  if (value == null) return '0';
  if (typeof value === 'number') return String(value);
  if (value.high === 0) return String(value.low >>> 0);
  return ((BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0)).toString();
}

/**
 * A signed 64-bit field as a decimal string.
 * @example i64({ low: -1, high: -1 }) // '-1'
 */
export function i64(value: LongLike | null | undefined): string {
  if (value == null) return '0';
  if (typeof value === 'number') return String(value);
  if (value.high === 0 && value.low >= 0) return String(value.low);
  return BigInt.asIntN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0)).toString();
}

/**
 * A decimal string as the `{ low, high }` protobufjs' writer takes for 64-bit fields (BigInt keeps nanoseconds exact).
 * @example long('4294967296') // { low: 0, high: 1 }
 */
export function long(decimal: string | undefined): { low: number; high: number } {
  if (!decimal || decimal === '0') return { low: 0, high: 0 };
  const v = BigInt.asUintN(64, BigInt(decimal));
  return { low: Number(v & 0xffffffffn) | 0, high: Number(v >> 32n) | 0 };
}

// Deeper nesting is refused: it only serves to exhaust the stack of whoever reads the value next.
const MAX_DEPTH = 32;

/**
 * A decoded protobufjs AnyValue in canonical form. Throws `OtlpDecodeError` past 32 levels of nesting.
 * @example anyValueOf({ value: 'stringValue', stringValue: 'hi' }) // { stringValue: 'hi' }
 */
export function anyValueOf(v: any, depth = 0): OtlpAnyValue {
  if (!v) return {};
  if (depth > MAX_DEPTH) throw new OtlpDecodeError(`attribute values nested deeper than ${MAX_DEPTH} levels`);
  switch (v.value as string | undefined) {
    case 'stringValue':
      return { stringValue: v.stringValue };
    case 'boolValue':
      return { boolValue: v.boolValue };
    case 'intValue':
      return { intValue: i64(v.intValue) };
    case 'doubleValue':
      return { doubleValue: v.doubleValue };
    case 'arrayValue':
      return { arrayValue: { values: (v.arrayValue.values as any[]).map((x) => anyValueOf(x, depth + 1)) } };
    case 'kvlistValue':
      return { kvlistValue: { values: keyValuesOf(v.kvlistValue.values, depth + 1) } };
    case 'bytesValue':
      return { bytesValue: bytesToBase64(v.bytesValue) };
    default:
      return {};
  }
}

/**
 * Decoded protobufjs KeyValues in canonical form.
 * @example keyValuesOf(span.attributes)
 */
export function keyValuesOf(list: any[], depth = 0): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = { key: list[i].key, value: anyValueOf(list[i].value, depth) };
  return out;
}

/**
 * A decoded resource and scope in canonical form (shared by spans and logs).
 * @example const { resource } = resourceOf(resourceSpans.resource);
 */
export function resourceOf(resource: any): { attributes: OtlpKeyValue[] } {
  return { attributes: resource ? keyValuesOf(resource.attributes) : [] };
}

/** @see resourceOf */
export function scopeOf(scope: any): { name: string; version?: string; attributes?: OtlpKeyValue[] } {
  return scope ? { name: scope.name, version: scope.version || undefined, attributes: keyValuesOf(scope.attributes) } : { name: '' };
}

const EMPTY = new Uint8Array(0);

/**
 * A canonical AnyValue as the plain message protobufjs' encoder takes.
 * @example anyValueMessage({ intValue: '7' }) // { intValue: { low: 7, high: 0 } }
 */
export function anyValueMessage(v: OtlpAnyValue): object {
  if (v.stringValue !== undefined) return { stringValue: v.stringValue };
  if (v.boolValue !== undefined) return { boolValue: v.boolValue };
  if (v.intValue !== undefined) return { intValue: long(v.intValue) };
  if (v.doubleValue !== undefined) return { doubleValue: v.doubleValue };
  if (v.arrayValue) return { arrayValue: { values: v.arrayValue.values.map(anyValueMessage) } };
  if (v.kvlistValue) return { kvlistValue: { values: keyValueMessages(v.kvlistValue.values) } };
  if (v.bytesValue !== undefined) return { bytesValue: base64ToBytes(v.bytesValue) ?? EMPTY };
  return {};
}

/** @see anyValueMessage */
export function keyValueMessages(list: OtlpKeyValue[] | undefined): object[] {
  return (list ?? []).map((kv) => ({ key: kv.key, value: anyValueMessage(kv.value) }));
}

/**
 * Runs a protobufjs decode, turning its errors into `OtlpDecodeError` (the receiver answers 400).
 * @example const message = decodeOrThrow(() => decodeOtlpMessage(type, bytes));
 */
export function decodeOrThrow<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    const e = error as Error;
    throw new OtlpDecodeError(e.name === 'EvalError' ? `EvalError: ${e.message}` : `invalid protobuf: ${e.message}`);
  }
}
