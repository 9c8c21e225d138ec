import { bytesToHex } from './hex-bytes.js';
import { decodeOtlpMessage, getOtlpMessageTypes } from './otlp-message-types.js';
import { anyValueOf, decodeOrThrow, keyValuesOf, resourceOf, scopeOf, u64 } from './otlp-protobuf-values.js';
import type { OtlpAnyValue, OtlpEvent, OtlpLink, OtlpResourceSpans, OtlpScopeSpans, OtlpSpan, OtlpTraceRequest } from './otlp-types.js';

export { decodeLogRecordProtobuf } from './decode-otlp-logs-protobuf.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs reflection messages are untyped */

function event(e: any): OtlpEvent {
  return { timeUnixNano: u64(e.timeUnixNano), name: e.name, attributes: keyValuesOf(e.attributes) };
}

function link(l: any): OtlpLink {
  return {
    traceId: bytesToHex(l.traceId),
    spanId: bytesToHex(l.spanId),
    traceState: l.traceState || undefined,
    attributes: keyValuesOf(l.attributes),
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
    attributes: keyValuesOf(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount || undefined,
    events: s.events.length ? s.events.map(event) : [],
    droppedEventsCount: s.droppedEventsCount || undefined,
    links: s.links.length ? s.links.map(link) : [],
    droppedLinksCount: s.droppedLinksCount || undefined,
    status: s.status ? { code: s.status.code, message: s.status.message || undefined } : { code: 0 },
  };
}

/**
 * Decodes an OTLP `ExportTraceServiceRequest` in protobuf into the canonical JSON form (also where the runtime
 * forbids code generation). Throws `OtlpDecodeError` when the bytes are not a valid message (truncated, wrong wire
 * types, nested too deep).
 * @example const request = decodeTraceRequestProtobuf(new Uint8Array(await req.arrayBuffer()));
 */
export function decodeTraceRequestProtobuf(bytes: Uint8Array): OtlpTraceRequest {
  const message: any = decodeOrThrow(() => decodeOtlpMessage(getOtlpMessageTypes().request, bytes));
  const resourceSpans: OtlpResourceSpans[] = (message.resourceSpans as any[]).map((rs) => ({
    resource: resourceOf(rs.resource),
    schemaUrl: rs.schemaUrl || undefined,
    scopeSpans: (rs.scopeSpans as any[]).map((ss) => ({
      scope: scopeOf(ss.scope),
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
  return span(decodeOrThrow(() => decodeOtlpMessage(getOtlpMessageTypes().span, bytes)));
}

/**
 * Decodes an OTLP `Resource` and `InstrumentationScope` pair into the canonical JSON form.
 * @example const { resource, scope } = decodeResourceScopeProtobuf(resourceBytes, scopeBytes);
 */
export function decodeResourceScopeProtobuf(
  resourceBytes: Uint8Array,
  scopeBytes: Uint8Array,
): { resource: OtlpResourceSpans['resource']; scope: OtlpScopeSpans['scope'] } {
  const types = getOtlpMessageTypes();
  const r = decodeOrThrow(() => decodeOtlpMessage(types.resource, resourceBytes));
  const s: any = decodeOrThrow(() => decodeOtlpMessage(types.scope, scopeBytes));
  return { resource: resourceOf(r), scope: { name: s.name, version: s.version || undefined, attributes: keyValuesOf(s.attributes) } };
}

/**
 * Decodes one OTLP `AnyValue` message into the canonical JSON form.
 * @example decodeAnyValueProtobuf(bytes) // { stringValue: 'gpt-4o' }
 */
export function decodeAnyValueProtobuf(bytes: Uint8Array): OtlpAnyValue {
  return anyValueOf(decodeOrThrow(() => decodeOtlpMessage(getOtlpMessageTypes().anyValue, bytes)));
}
