import { hexToBytes } from './hex-bytes.js';
import { decodeOtlpMessage, encodeOtlpMessage, getOtlpMessageTypes } from './otlp-message-types.js';
import { anyValueMessage, keyValueMessages, long } from './otlp-protobuf-values.js';
import type { OtlpLogsRequest, OtlpSpan, OtlpTraceRequest } from './otlp-types.js';

const EMPTY = new Uint8Array(0);

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
    attributes: keyValueMessages(s.attributes),
    droppedAttributesCount: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      timeUnixNano: long(e.timeUnixNano),
      name: e.name,
      attributes: keyValueMessages(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
    droppedEventsCount: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: hexToBytes(l.traceId) ?? EMPTY,
      spanId: hexToBytes(l.spanId) ?? EMPTY,
      traceState: l.traceState,
      attributes: keyValueMessages(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
      flags: l.flags,
    })),
    droppedLinksCount: s.droppedLinksCount,
    status: { code: s.status.code, message: s.status.message },
  };
}

function resource(r: { attributes: OtlpTraceRequest['resourceSpans'][number]['resource']['attributes']; droppedAttributesCount?: number }): object {
  return { attributes: keyValueMessages(r.attributes), droppedAttributesCount: r.droppedAttributesCount };
}

function scope(s: OtlpTraceRequest['resourceSpans'][number]['scopeSpans'][number]['scope']): object {
  return { name: s.name, version: s.version, attributes: keyValueMessages(s.attributes) };
}

/**
 * Encodes a canonical OTLP trace request as protobuf `ExportTraceServiceRequest` bytes (also where the runtime
 * forbids code generation).
 * @example await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: encodeTraceRequestProtobuf(request) })
 */
export function encodeTraceRequestProtobuf(request: OtlpTraceRequest): Uint8Array {
  const message = {
    resourceSpans: request.resourceSpans.map((rs) => ({
      resource: resource(rs.resource),
      schemaUrl: rs.schemaUrl,
      scopeSpans: rs.scopeSpans.map((ss) => ({ scope: scope(ss.scope), schemaUrl: ss.schemaUrl, spans: ss.spans.map(span) })),
    })),
  };
  return encodeOtlpMessage(getOtlpMessageTypes().request, message);
}

/**
 * Encodes a canonical OTLP logs request as protobuf `ExportLogsServiceRequest` bytes. Ids that are not hex are
 * written empty (the JSON reader has rejected such records already).
 * @example const bytes = encodeLogsRequestProtobuf(readLogsRequestJson(JSON.parse(text)).request);
 */
export function encodeLogsRequestProtobuf(request: OtlpLogsRequest): Uint8Array {
  const message = {
    resourceLogs: request.resourceLogs.map((rl) => ({
      resource: resource(rl.resource),
      schemaUrl: rl.schemaUrl,
      scopeLogs: rl.scopeLogs.map((sl) => ({
        scope: scope(sl.scope),
        schemaUrl: sl.schemaUrl,
        logRecords: sl.logRecords.map((r) => ({
          timeUnixNano: long(r.timeUnixNano),
          observedTimeUnixNano: long(r.observedTimeUnixNano),
          severityNumber: r.severityNumber,
          severityText: r.severityText,
          body: r.body ? anyValueMessage(r.body) : undefined,
          attributes: keyValueMessages(r.attributes),
          droppedAttributesCount: r.droppedAttributesCount,
          flags: r.flags,
          traceId: r.traceId ? (hexToBytes(r.traceId) ?? EMPTY) : EMPTY,
          spanId: r.spanId ? (hexToBytes(r.spanId) ?? EMPTY) : EMPTY,
          eventName: r.eventName,
        })),
      })),
    })),
  };
  return encodeOtlpMessage(getOtlpMessageTypes().logsRequest, message);
}

/**
 * Encodes an `ExportTraceServiceResponse`, with partial success when some spans were rejected.
 * @example encodeTraceResponseProtobuf({ rejectedSpans: 1, errorMessage: 'invalid traceId' })
 */
export function encodeTraceResponseProtobuf(partial?: { rejectedSpans: number; errorMessage: string }): Uint8Array {
  const message = partial
    ? { partialSuccess: { rejectedSpans: long(String(partial.rejectedSpans)), errorMessage: partial.errorMessage } }
    : {};
  return encodeOtlpMessage(getOtlpMessageTypes().response, message);
}

/**
 * Encodes a `google.rpc.Status` (the OTLP/HTTP error body for protobuf requests).
 * @example encodeRpcStatusProtobuf(3, 'invalid protobuf')
 */
export function encodeRpcStatusProtobuf(code: number, message: string): Uint8Array {
  return encodeOtlpMessage(getOtlpMessageTypes().rpcStatus, { code, message });
}

/**
 * Decodes an `ExportTraceServiceResponse` (e.g. the answer of an upstream collector) to its partial success.
 * @example decodeTraceResponseProtobuf(bytes) // { rejectedSpans: 0, errorMessage: '' }
 */
export function decodeTraceResponseProtobuf(bytes: Uint8Array): { rejectedSpans: number; errorMessage: string } {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const m: any = decodeOtlpMessage(getOtlpMessageTypes().response, bytes);
  const p = m.partialSuccess;
  if (!p) return { rejectedSpans: 0, errorMessage: '' };
  const r = p.rejectedSpans;
  return { rejectedSpans: typeof r === 'number' ? r : Number(r?.low ?? 0), errorMessage: p.errorMessage ?? '' };
}
