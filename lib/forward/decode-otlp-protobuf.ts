import { bytesToBase64, bytesToHex } from './hex-bytes.js';
import { getOtlpMessageTypes } from './otlp-message-types.js';
import {
  OtlpDecodeError,
  type OtlpAnyValue,
  type OtlpEvent,
  type OtlpKeyValue,
  type OtlpLink,
  type OtlpLogRecord,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
  type OtlpTraceRequest,
} from './otlp-types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs reflection messages are untyped */

type LongLike = number | { low: number; high: number; unsigned?: boolean };

// protobufjs returns 64-bit fields as Long objects (or numbers when small); OTLP JSON wants decimal strings.
function u64(value: LongLike | null | undefined): string {
  if (value == null) return '0';
  if (typeof value === 'number') return String(value);
  if (value.high === 0) return String(value.low >>> 0);
  return ((BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0)).toString();
}

function i64(value: LongLike | null | undefined): string {
  if (value == null) return '0';
  if (typeof value === 'number') return String(value);
  if (value.high === 0 && value.low >= 0) return String(value.low);
  return BigInt.asIntN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0)).toString();
}

// Deeper nesting is refused: it only serves to exhaust the stack of whoever reads the value next.
const MAX_DEPTH = 32;

function anyValue(v: any, depth = 0): OtlpAnyValue {
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
      return { arrayValue: { values: (v.arrayValue.values as any[]).map((x) => anyValue(x, depth + 1)) } };
    case 'kvlistValue':
      return { kvlistValue: { values: keyValues(v.kvlistValue.values, depth + 1) } };
    case 'bytesValue':
      return { bytesValue: bytesToBase64(v.bytesValue) };
    default:
      return {};
  }
}

function keyValues(list: any[], depth = 0): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = { key: list[i].key, value: anyValue(list[i].value, depth) };
  return out;
}

function event(e: any): OtlpEvent {
  return { timeUnixNano: u64(e.timeUnixNano), name: e.name, attributes: keyValues(e.attributes) };
}

function link(l: any): OtlpLink {
  return {
    traceId: bytesToHex(l.traceId),
    spanId: bytesToHex(l.spanId),
    traceState: l.traceState || undefined,
    attributes: keyValues(l.attributes),
    flags: l.flags || undefined,
  };
}

function span(s: any): OtlpSpan {
  return {
    traceId: bytesToHex(s.traceId),
    spanId: bytesToHex(s.spanId),
    traceState: s.traceState || undefined,
    parentSpanId: bytesToHex(s.parentSpanId),
    flags: s.flags || undefined,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: u64(s.startTimeUnixNano),
    endTimeUnixNano: u64(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount || undefined,
    events: s.events.length ? s.events.map(event) : [],
    droppedEventsCount: s.droppedEventsCount || undefined,
    links: s.links.length ? s.links.map(link) : [],
    droppedLinksCount: s.droppedLinksCount || undefined,
    status: s.status ? { code: s.status.code, message: s.status.message || undefined } : { code: 0 },
  };
}

/**
 * Decodes an OTLP `ExportTraceServiceRequest` in protobuf into the canonical JSON form.
 * Throws `OtlpDecodeError` when the bytes are not a valid message (truncated, wrong wire types).
 * @example const request = decodeTraceRequestProtobuf(new Uint8Array(await req.arrayBuffer()));
 */
export function decodeTraceRequestProtobuf(bytes: Uint8Array): OtlpTraceRequest {
  let message: any;
  try {
    message = getOtlpMessageTypes().request.decode(bytes);
  } catch (error) {
    const e = error as Error;
    throw new OtlpDecodeError(e.name === 'EvalError' ? `EvalError: ${e.message}` : `invalid protobuf: ${e.message}`);
  }
  const resourceSpans: OtlpResourceSpans[] = (message.resourceSpans as any[]).map((rs) => ({
    resource: { attributes: rs.resource ? keyValues(rs.resource.attributes) : [] },
    schemaUrl: rs.schemaUrl || undefined,
    scopeSpans: (rs.scopeSpans as any[]).map((ss) => ({
      scope: ss.scope
        ? { name: ss.scope.name, version: ss.scope.version || undefined, attributes: keyValues(ss.scope.attributes) }
        : { name: '' },
      schemaUrl: ss.schemaUrl || undefined,
      spans: (ss.spans as any[]).map(span),
    })),
  }));
  return { resourceSpans };
}

/**
 * Decodes one OTLP `Span` message (the span store keeps spans in this form) into the canonical JSON form.
 * Throws `OtlpDecodeError` when the bytes are not a valid message.
 * @example const span = decodeSpanProtobuf(recordBytes);
 */
export function decodeSpanProtobuf(bytes: Uint8Array): OtlpSpan {
  try {
    return span(getOtlpMessageTypes().span.decode(bytes));
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    throw new OtlpDecodeError(`invalid protobuf span: ${(error as Error).message}`);
  }
}

/**
 * Decodes an OTLP `Resource` and `InstrumentationScope` pair into the canonical JSON form.
 * @example const { resource, scope } = decodeResourceScopeProtobuf(resourceBytes, scopeBytes);
 */
export function decodeResourceScopeProtobuf(
  resourceBytes: Uint8Array,
  scopeBytes: Uint8Array,
): { resource: OtlpResourceSpans['resource']; scope: OtlpScopeSpans['scope'] } {
  try {
    const types = getOtlpMessageTypes();
    const r: any = types.resource.decode(resourceBytes);
    const s: any = types.scope.decode(scopeBytes);
    return {
      resource: { attributes: keyValues(r.attributes) },
      scope: { name: s.name, version: s.version || undefined, attributes: keyValues(s.attributes) },
    };
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    throw new OtlpDecodeError(`invalid protobuf resource: ${(error as Error).message}`);
  }
}

/**
 * Decodes one OTLP `AnyValue` message into the canonical JSON form.
 * @example decodeAnyValueProtobuf(bytes) // { stringValue: 'gpt-4o' }
 */
export function decodeAnyValueProtobuf(bytes: Uint8Array): OtlpAnyValue {
  try {
    return anyValue(getOtlpMessageTypes().anyValue.decode(bytes));
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    throw new OtlpDecodeError(`invalid protobuf value: ${(error as Error).message}`);
  }
}

/**
 * Decodes one OTLP `LogRecord` message into the canonical JSON form.
 * @example const record = decodeLogRecordProtobuf(bytes);
 */
export function decodeLogRecordProtobuf(bytes: Uint8Array): OtlpLogRecord {
  let m: any;
  try {
    m = getOtlpMessageTypes().logRecord.decode(bytes);
  } catch (error) {
    throw new OtlpDecodeError(`invalid protobuf log record: ${(error as Error).message}`);
  }
  return {
    timeUnixNano: u64(m.timeUnixNano),
    observedTimeUnixNano: u64(m.observedTimeUnixNano),
    severityNumber: m.severityNumber || undefined,
    severityText: m.severityText || undefined,
    body: m.body ? anyValue(m.body) : undefined,
    attributes: keyValues(m.attributes),
    traceId: bytesToHex(m.traceId),
    spanId: bytesToHex(m.spanId),
    eventName: m.eventName || undefined,
  };
}
