import { base64ToBytes, hexToBytes } from './hex-bytes.js';
import { getOtlpMessageTypes } from './otlp-message-types.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from './otlp-types.js';

const EMPTY = new Uint8Array(0);

// protobufjs' writer takes { low, high } for 64-bit fields; BigInt keeps nanosecond timestamps exact.
function long(decimal: string | undefined): { low: number; high: number } {
  if (!decimal || decimal === '0') return { low: 0, high: 0 };
  const v = BigInt.asUintN(64, BigInt(decimal));
  return { low: Number(v & 0xffffffffn) | 0, high: Number(v >> 32n) | 0 };
}

function anyValue(v: OtlpAnyValue): object {
  if (v.stringValue !== undefined) return { stringValue: v.stringValue };
  if (v.boolValue !== undefined) return { boolValue: v.boolValue };
  if (v.intValue !== undefined) return { intValue: long(v.intValue) };
  if (v.doubleValue !== undefined) return { doubleValue: v.doubleValue };
  if (v.arrayValue) return { arrayValue: { values: v.arrayValue.values.map(anyValue) } };
  if (v.kvlistValue) return { kvlistValue: { values: keyValues(v.kvlistValue.values) } };
  if (v.bytesValue !== undefined) return { bytesValue: base64ToBytes(v.bytesValue) ?? EMPTY };
  return {};
}

function keyValues(list: OtlpKeyValue[] | undefined): object[] {
  return (list ?? []).map((kv) => ({ key: kv.key, value: anyValue(kv.value) }));
}

function span(s: OtlpSpan): object {
  return {
    traceId: hexToBytes(s.traceId) ?? EMPTY,
    spanId: hexToBytes(s.spanId) ?? EMPTY,
    traceState: s.traceState,
    parentSpanId: s.parentSpanId ? (hexToBytes(s.parentSpanId) ?? EMPTY) : EMPTY,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    startTimeUnixNano: long(s.startTimeUnixNano),
    endTimeUnixNano: long(s.endTimeUnixNano),
    attributes: keyValues(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      timeUnixNano: long(e.timeUnixNano),
      name: e.name,
      attributes: keyValues(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: hexToBytes(l.traceId) ?? EMPTY,
      spanId: hexToBytes(l.spanId) ?? EMPTY,
      traceState: l.traceState,
      attributes: keyValues(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
      flags: l.flags,
    })),
    droppedLinksCount: s.droppedLinksCount,
    status: { code: s.status.code, message: s.status.message },
  };
}

/**
 * Encodes a canonical OTLP trace request as protobuf `ExportTraceServiceRequest` bytes.
 * @example await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: encodeTraceRequestProtobuf(request) })
 */
export function encodeTraceRequestProtobuf(request: OtlpTraceRequest): Uint8Array {
  const message = {
    resourceSpans: request.resourceSpans.map((rs) => ({
      resource: { attributes: keyValues(rs.resource.attributes), droppedAttributesCount: rs.resource.droppedAttributesCount },
      schemaUrl: rs.schemaUrl,
      scopeSpans: rs.scopeSpans.map((ss) => ({
        scope: { name: ss.scope.name, version: ss.scope.version, attributes: keyValues(ss.scope.attributes) },
        schemaUrl: ss.schemaUrl,
        spans: ss.spans.map(span),
      })),
    })),
  };
  return getOtlpMessageTypes().request.encode(message).finish();
}

/**
 * Encodes an `ExportTraceServiceResponse`, with partial success when some spans were rejected.
 * @example encodeTraceResponseProtobuf({ rejectedSpans: 1, errorMessage: 'invalid traceId' })
 */
export function encodeTraceResponseProtobuf(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  const message = partial
    ? { partialSuccess: { rejectedSpans: long(String(partial.rejectedSpans)), errorMessage: partial.errorMessage } }
    : {};
  return getOtlpMessageTypes().response.encode(message).finish();
}

/**
 * Encodes a `google.rpc.Status` (the OTLP/HTTP error body for protobuf requests).
 * @example encodeRpcStatusProtobuf(3, 'invalid protobuf')
 */
export function encodeRpcStatusProtobuf(code: number, message: string): Uint8Array {
  return getOtlpMessageTypes().rpcStatus.encode({ code, message }).finish();
}

/**
 * Decodes an `ExportTraceServiceResponse` (e.g. the answer of an upstream collector) to its partial success.
 * @example decodeTraceResponseProtobuf(bytes) // { rejectedSpans: 0, errorMessage: '' }
 */
export function decodeTraceResponseProtobuf(bytes: Uint8Array): { rejectedSpans: number; errorMessage: string } {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const m: any = getOtlpMessageTypes().response.decode(bytes);
  const p = m.partialSuccess;
  if (!p) return { rejectedSpans: 0, errorMessage: '' };
  const r = p.rejectedSpans;
  return { rejectedSpans: typeof r === 'number' ? r : Number(r?.low ?? 0), errorMessage: p.errorMessage ?? '' };
}
