import {
  ItemRejected,
  enumValue,
  field,
  id,
  int64,
  isObj,
  keyValues,
  list,
  readItems,
  readResource,
  readSchemaUrl,
  readScope,
  str,
  uint,
} from './otlp-json-values.js';
import { OtlpDecodeError, type OtlpEvent, type OtlpLink, type OtlpResourceSpans, type OtlpSpan, type OtlpTraceRequest } from './otlp-types.js';

/** Result of reading OTLP JSON: the spans that could be read plus the count and reasons of those that could not. */
export interface ReadOtlpJsonResult {
  request: OtlpTraceRequest;
  rejectedSpans: number;
  errors: string[];
}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function readEvent(e: unknown): OtlpEvent {
  if (!isObj(e)) throw new ItemRejected('event must be an object');
  return {
    timeUnixNano: int64(field(e, 'timeUnixNano', 'time_unix_nano'), 'event.timeUnixNano'),
    name: str(e.name, 'event.name', ItemRejected),
    attributes: keyValues(list(e, 'attributes', undefined, 'event', ItemRejected), 'event.attributes'),
    droppedAttributesCount: uint(field(e, 'droppedAttributesCount', 'dropped_attributes_count')),
  };
}

function readLink(l: unknown): OtlpLink {
  if (!isObj(l)) throw new ItemRejected('link must be an object');
  return {
    traceId: id(field(l, 'traceId', 'trace_id'), 16, 'link.traceId'),
    spanId: id(field(l, 'spanId', 'span_id'), 8, 'link.spanId'),
    traceState: str(field(l, 'traceState', 'trace_state'), 'link.traceState', ItemRejected) || undefined,
    attributes: keyValues(list(l, 'attributes', undefined, 'link', ItemRejected), 'link.attributes'),
    flags: uint(l.flags),
  };
}

function readSpan(s: unknown): OtlpSpan {
  if (!isObj(s)) throw new ItemRejected('span must be an object');
  const status = field(s, 'status');
  if (status != null && !isObj(status)) throw new ItemRejected('span.status must be an object');
  return {
    traceId: id(field(s, 'traceId', 'trace_id'), 16, 'span.traceId'),
    spanId: id(field(s, 'spanId', 'span_id'), 8, 'span.spanId'),
    traceState: str(field(s, 'traceState', 'trace_state'), 'span.traceState', ItemRejected) || undefined,
    parentSpanId: id(field(s, 'parentSpanId', 'parent_span_id'), 8, 'span.parentSpanId'),
    flags: uint(s.flags),
    name: str(s.name, 'span.name', ItemRejected),
    kind: enumValue(s.kind, SPAN_KINDS, 'span.kind'),
    startTimeUnixNano: int64(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), 'span.startTimeUnixNano'),
    endTimeUnixNano: int64(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), 'span.endTimeUnixNano'),
    attributes: keyValues(list(s, 'attributes', undefined, 'span', ItemRejected), 'span.attributes'),
    droppedAttributesCount: uint(field(s, 'droppedAttributesCount', 'dropped_attributes_count')),
    events: list(s, 'events', undefined, 'span', ItemRejected).map(readEvent),
    droppedEventsCount: uint(field(s, 'droppedEventsCount', 'dropped_events_count')),
    links: list(s, 'links', undefined, 'span', ItemRejected).map(readLink),
    droppedLinksCount: uint(field(s, 'droppedLinksCount', 'dropped_links_count')),
    status: status
      ? {
          code: enumValue(status.code, STATUS_CODES, 'span.status.code'),
          message: str(status.message, 'span.status.message', ItemRejected) || undefined,
        }
      : { code: 0 },
  };
}

/**
 * Reads an OTLP/HTTP JSON `ExportTraceServiceRequest` (already `JSON.parse`d) into the canonical form, accepting the
 * proto3 JSON variants senders use: snake_case or camelCase keys, int64 as numbers or strings, enums as numbers or
 * names, ids as hex (or base64). Structural errors throw `OtlpDecodeError` (answer 400); a span with bad field types
 * is left out and counted in `rejectedSpans` (answer 200 with partial success).
 * @example const { request, rejectedSpans } = readTraceRequestJson(JSON.parse(text));
 */
export function readTraceRequestJson(value: unknown): ReadOtlpJsonResult {
  if (!isObj(value)) throw new OtlpDecodeError('body must be a JSON object');
  const tally = { rejected: 0, errors: [] as string[] };
  const resourceSpans: OtlpResourceSpans[] = list(value, 'resourceSpans', 'resource_spans', 'request', OtlpDecodeError).map((rs) => {
    if (!isObj(rs)) throw new OtlpDecodeError('resourceSpans[] must be objects');
    const resource = readResource(rs);
    const scopeSpans = list(rs, 'scopeSpans', 'scope_spans', 'resourceSpans', OtlpDecodeError).map((ss) => {
      if (!isObj(ss)) throw new OtlpDecodeError('scopeSpans[] must be objects');
      const scope = readScope(ss);
      const spans = readItems(list(ss, 'spans', undefined, 'scopeSpans', OtlpDecodeError), readSpan, tally);
      return { scope, schemaUrl: readSchemaUrl(ss), spans };
    });
    return { resource, schemaUrl: readSchemaUrl(rs), scopeSpans };
  });
  return { request: { resourceSpans }, rejectedSpans: tally.rejected, errors: tally.errors };
}
