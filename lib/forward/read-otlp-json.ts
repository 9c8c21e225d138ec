import { base64ToBytes, bytesToHex } from './hex-bytes.js';
import {
  OtlpDecodeError,
  type OtlpAnyValue,
  type OtlpEvent,
  type OtlpKeyValue,
  type OtlpLink,
  type OtlpResourceSpans,
  type OtlpScopeSpans,
  type OtlpSpan,
  type OtlpTraceRequest,
} from './otlp-types.js';

/** Result of reading OTLP JSON: the spans that could be read plus the count and reasons of those that could not. */
export interface ReadOtlpJsonResult {
  request: OtlpTraceRequest;
  rejectedSpans: number;
  errors: string[];
}

type Obj = Record<string, unknown>;

// A problem inside one span: the span is left out and counted. Value readers (ids, int64, enums, AnyValue) only
// ever occur in spans or attributes, so they throw this; resource and scope attributes rethrow it as a request error.
class SpanRejected extends Error {}

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// proto3 JSON parsers must accept both lowerCamelCase and the original snake_case field names.
function field(o: Obj, camel: string, snake?: string): unknown {
  const v = o[camel];
  if (v !== undefined) return v;
  return snake ? o[snake] : undefined;
}

function list(o: Obj, camel: string, snake: string | undefined, where: string, Err: new (m: string) => Error): unknown[] {
  const v = field(o, camel, snake);
  if (v == null) return [];
  if (!Array.isArray(v)) throw new Err(`${where}.${camel} must be an array`);
  return v;
}

function str(v: unknown, where: string, Err: new (m: string) => Error): string {
  if (v == null) return '';
  if (typeof v !== 'string') throw new Err(`${where} must be a string`);
  return v;
}

// int64/fixed64 may be a JSON number or a decimal string.
function int64(v: unknown, where: string): string {
  if (v == null || v === '') return '0';
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v)).toString();
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v).toString();
  throw new SpanRejected(`${where} must be an integer`);
}

function uint(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function enumValue(v: unknown, names: Record<string, number>, where: string): number {
  if (v == null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    if (v in names) return names[v];
    if (/^\d+$/.test(v)) return Number(v);
  }
  throw new SpanRejected(`${where} is not a valid enum value`);
}

// OTLP JSON ids are hex; some senders wrongly use the generic proto3 base64 mapping, which we accept too.
function id(v: unknown, bytes: number, where: string): string {
  if (v == null || v === '') return '';
  if (typeof v !== 'string') throw new SpanRejected(`${where} must be a hex string`);
  if (v.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(v)) return v.toLowerCase();
  const decoded = base64ToBytes(v);
  if (decoded && decoded.length === bytes) return bytesToHex(decoded);
  return v; // left invalid on purpose: validation rejects the span with a reason
}

// Deeper nesting is refused: it only serves to exhaust the stack of whoever reads the value next.
const MAX_DEPTH = 32;

function anyValue(v: unknown, where: string, depth = 0): OtlpAnyValue {
  if (v == null) return {};
  if (depth > MAX_DEPTH) throw new SpanRejected(`${where}: attribute values nested deeper than ${MAX_DEPTH} levels`);
  if (!isObj(v)) throw new SpanRejected(`${where} must be an AnyValue object`);
  const s = field(v, 'stringValue', 'string_value');
  if (s !== undefined) return { stringValue: str(s, where, SpanRejected) };
  const b = field(v, 'boolValue', 'bool_value');
  if (b !== undefined) {
    if (typeof b !== 'boolean') throw new SpanRejected(`${where}.boolValue must be a boolean`);
    return { boolValue: b };
  }
  const i = field(v, 'intValue', 'int_value');
  if (i !== undefined) return { intValue: int64(i, `${where}.intValue`) };
  const d = field(v, 'doubleValue', 'double_value');
  if (d !== undefined) {
    // proto3 JSON writes NaN and infinities as strings.
    const n = typeof d === 'string' ? Number(d) : d;
    if (typeof n !== 'number') throw new SpanRejected(`${where}.doubleValue must be a number`);
    return { doubleValue: n };
  }
  const a = field(v, 'arrayValue', 'array_value');
  if (a !== undefined) {
    if (!isObj(a)) throw new SpanRejected(`${where}.arrayValue must be an object`);
    return { arrayValue: { values: list(a, 'values', undefined, where, SpanRejected).map((x) => anyValue(x, where, depth + 1)) } };
  }
  const kv = field(v, 'kvlistValue', 'kvlist_value');
  if (kv !== undefined) {
    if (!isObj(kv)) throw new SpanRejected(`${where}.kvlistValue must be an object`);
    return { kvlistValue: { values: keyValues(list(kv, 'values', undefined, where, SpanRejected), where, depth + 1) } };
  }
  const by = field(v, 'bytesValue', 'bytes_value');
  if (by !== undefined) return { bytesValue: str(by, `${where}.bytesValue`, SpanRejected) };
  return {};
}

function keyValues(items: unknown[], where: string, depth = 0): OtlpKeyValue[] {
  return items.map((kv) => {
    if (!isObj(kv) || typeof kv.key !== 'string') throw new SpanRejected(`${where}: attribute must have a string key`);
    return { key: kv.key, value: anyValue(kv.value, depth ? where : `${where}[${kv.key}]`, depth) };
  });
}

function readEvent(e: unknown): OtlpEvent {
  if (!isObj(e)) throw new SpanRejected('event must be an object');
  return {
    timeUnixNano: int64(field(e, 'timeUnixNano', 'time_unix_nano'), 'event.timeUnixNano'),
    name: str(e.name, 'event.name', SpanRejected),
    attributes: keyValues(list(e, 'attributes', undefined, 'event', SpanRejected), 'event.attributes'),
    droppedAttributesCount: uint(field(e, 'droppedAttributesCount', 'dropped_attributes_count')),
  };
}

function readLink(l: unknown): OtlpLink {
  if (!isObj(l)) throw new SpanRejected('link must be an object');
  return {
    traceId: id(field(l, 'traceId', 'trace_id'), 16, 'link.traceId'),
    spanId: id(field(l, 'spanId', 'span_id'), 8, 'link.spanId'),
    traceState: str(field(l, 'traceState', 'trace_state'), 'link.traceState', SpanRejected) || undefined,
    attributes: keyValues(list(l, 'attributes', undefined, 'link', SpanRejected), 'link.attributes'),
    flags: uint(l.flags),
  };
}

function readSpan(s: unknown): OtlpSpan {
  if (!isObj(s)) throw new SpanRejected('span must be an object');
  const status = field(s, 'status');
  if (status != null && !isObj(status)) throw new SpanRejected('span.status must be an object');
  return {
    traceId: id(field(s, 'traceId', 'trace_id'), 16, 'span.traceId'),
    spanId: id(field(s, 'spanId', 'span_id'), 8, 'span.spanId'),
    traceState: str(field(s, 'traceState', 'trace_state'), 'span.traceState', SpanRejected) || undefined,
    parentSpanId: id(field(s, 'parentSpanId', 'parent_span_id'), 8, 'span.parentSpanId'),
    flags: uint(s.flags),
    name: str(s.name, 'span.name', SpanRejected),
    kind: enumValue(s.kind, SPAN_KINDS, 'span.kind'),
    startTimeUnixNano: int64(field(s, 'startTimeUnixNano', 'start_time_unix_nano'), 'span.startTimeUnixNano'),
    endTimeUnixNano: int64(field(s, 'endTimeUnixNano', 'end_time_unix_nano'), 'span.endTimeUnixNano'),
    attributes: keyValues(list(s, 'attributes', undefined, 'span', SpanRejected), 'span.attributes'),
    droppedAttributesCount: uint(field(s, 'droppedAttributesCount', 'dropped_attributes_count')),
    events: list(s, 'events', undefined, 'span', SpanRejected).map(readEvent),
    droppedEventsCount: uint(field(s, 'droppedEventsCount', 'dropped_events_count')),
    links: list(s, 'links', undefined, 'span', SpanRejected).map(readLink),
    droppedLinksCount: uint(field(s, 'droppedLinksCount', 'dropped_links_count')),
    status: status
      ? {
          code: enumValue(status.code, STATUS_CODES, 'span.status.code'),
          message: str(status.message, 'span.status.message', SpanRejected) || undefined,
        }
      : { code: 0 },
  };
}

function readAttributesOrThrow(items: unknown[], where: string): OtlpKeyValue[] {
  try {
    return keyValues(items, where);
  } catch (error) {
    throw new OtlpDecodeError((error as Error).message);
  }
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
  const errors: string[] = [];
  let rejectedSpans = 0;
  const resourceSpans: OtlpResourceSpans[] = list(value, 'resourceSpans', 'resource_spans', 'request', OtlpDecodeError).map(
    (rs) => {
      if (!isObj(rs)) throw new OtlpDecodeError('resourceSpans[] must be objects');
      const resource = field(rs, 'resource');
      if (resource != null && !isObj(resource)) throw new OtlpDecodeError('resource must be an object');
      const scopeSpans: OtlpScopeSpans[] = list(rs, 'scopeSpans', 'scope_spans', 'resourceSpans', OtlpDecodeError).map(
        (ss) => {
          if (!isObj(ss)) throw new OtlpDecodeError('scopeSpans[] must be objects');
          const scope = field(ss, 'scope');
          if (scope != null && !isObj(scope)) throw new OtlpDecodeError('scope must be an object');
          const spans: OtlpSpan[] = [];
          for (const s of list(ss, 'spans', undefined, 'scopeSpans', OtlpDecodeError)) {
            try {
              spans.push(readSpan(s));
            } catch (error) {
              if (!(error instanceof SpanRejected)) throw error;
              rejectedSpans++;
              if (errors.length < 5) errors.push(error.message);
            }
          }
          return {
            scope: scope
              ? {
                  name: str(scope.name, 'scope.name', OtlpDecodeError),
                  version: str(scope.version, 'scope.version', OtlpDecodeError) || undefined,
                  attributes: readAttributesOrThrow(list(scope, 'attributes', undefined, 'scope', OtlpDecodeError), 'scope'),
                }
              : { name: '' },
            schemaUrl: str(field(ss, 'schemaUrl', 'schema_url'), 'schemaUrl', OtlpDecodeError) || undefined,
            spans,
          };
        },
      );
      return {
        resource: {
          attributes: resource
            ? readAttributesOrThrow(list(resource, 'attributes', undefined, 'resource', OtlpDecodeError), 'resource')
            : [],
        },
        schemaUrl: str(field(rs, 'schemaUrl', 'schema_url'), 'schemaUrl', OtlpDecodeError) || undefined,
        scopeSpans,
      };
    },
  );
  return { request: { resourceSpans }, rejectedSpans, errors };
}
