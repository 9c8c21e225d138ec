import { base64ToBytes } from '../forward/hex-bytes.js';
import {
  ItemRejected,
  enumValue,
  field,
  id,
  isObj,
  list,
  readSchemaUrl,
  str,
  uint,
  type Obj,
} from '../forward/otlp-json-values.js';
import { OtlpDecodeError } from '../forward/otlp-types.js';
import { spanIdsProblem } from '../forward/validate-otlp-spans.js';
import { ProtoWriter, WIRE } from './proto-writer.js';

/** An OTLP/JSON traces request written as protobuf, with what was left out and why. */
export interface WrittenTraceRequest {
  request: Uint8Array;
  rejected: number;
  errors: string[];
}

// The same rules and messages as `readTraceRequestJson` + `filterValidSpans` (a test checks they agree on every
// fixture and on random faulty input): this writer only skips the canonical objects in between.
const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };
const MAX_DEPTH = 32;
const UINT64_MAX = 2n ** 64n - 1n;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const HEX = /^[0-9a-f]*$/;

function integer(v: unknown, where: string): bigint {
  if (v == null || v === '') return 0n;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new ItemRejected(`${where} must be an integer`);
}

/** A fixed64 time field, written as such (0 is left out, as proto3 does). */
function time(w: ProtoWriter, fieldNo: number, v: unknown, where: string): void {
  // The common case, a decimal string of nanoseconds, costs one BigInt.
  const n = integer(v, where);
  if (n < 0n || n > UINT64_MAX) throw new ItemRejected(`${where} ${String(v).slice(0, 30)} is outside 0 .. 2^64-1`);
  if (n !== 0n) w.fixed64(fieldNo, Number(n & 0xffffffffn), Number(n >> 32n));
}

function int32(w: ProtoWriter, fieldNo: number, n: number): void {
  if (n === 0) return;
  w.tag(fieldNo, WIRE.varint);
  if (n < 0) w.varint64(n, -1);
  else w.varint(n);
}

function uint32(w: ProtoWriter, fieldNo: number, n: number | undefined): void {
  if (n === undefined || n >>> 0 === 0) return;
  w.tag(fieldNo, WIRE.varint);
  w.varint(n);
}

function stringField(w: ProtoWriter, fieldNo: number, s: string): void {
  if (s) w.string(fieldNo, s);
}

/** An id field: hex as bytes; what is not hex of even length is written empty (validation rejected its span). */
function idField(w: ProtoWriter, fieldNo: number, hex: string): void {
  if (hex && hex.length % 2 === 0 && HEX.test(hex)) w.hexBytes(fieldNo, hex);
}

function anyValue(w: ProtoWriter, v: unknown, where: string, depth: number): void {
  if (v == null) return;
  if (depth > MAX_DEPTH) throw new ItemRejected(`${where}: attribute values nested deeper than ${MAX_DEPTH} levels`);
  if (!isObj(v)) throw new ItemRejected(`${where} must be an AnyValue object`);
  const s = field(v, 'stringValue', 'string_value');
  if (s !== undefined) return void w.string(1, str(s, where, ItemRejected));
  const b = field(v, 'boolValue', 'bool_value');
  if (b !== undefined) {
    if (typeof b !== 'boolean') throw new ItemRejected(`${where}.boolValue must be a boolean`);
    w.tag(2, WIRE.varint);
    return void w.varint(b ? 1 : 0);
  }
  const i = field(v, 'intValue', 'int_value');
  if (i !== undefined) {
    const n = integer(i, `${where}.intValue`);
    if (n < INT64_MIN || n > INT64_MAX) throw new ItemRejected(`${where}.intValue ${String(i).slice(0, 30)} is outside int64`);
    const u = BigInt.asUintN(64, n);
    w.tag(3, WIRE.varint);
    return void w.varint64(Number(u & 0xffffffffn), Number(u >> 32n));
  }
  const d = field(v, 'doubleValue', 'double_value');
  if (d !== undefined) {
    // proto3 JSON writes NaN and infinities as strings.
    const n = typeof d === 'string' ? Number(d) : d;
    if (typeof n !== 'number') throw new ItemRejected(`${where}.doubleValue must be a number`);
    return void w.double(4, n);
  }
  const a = field(v, 'arrayValue', 'array_value');
  if (a !== undefined) {
    if (!isObj(a)) throw new ItemRejected(`${where}.arrayValue must be an object`);
    const mark = w.begin(5);
    for (const x of list(a, 'values', undefined, where, ItemRejected)) {
      const inner = w.begin(1);
      anyValue(w, x, where, depth + 1);
      w.end(inner);
    }
    return void w.end(mark);
  }
  const kv = field(v, 'kvlistValue', 'kvlist_value');
  if (kv !== undefined) {
    if (!isObj(kv)) throw new ItemRejected(`${where}.kvlistValue must be an object`);
    const mark = w.begin(6);
    keyValues(w, 1, list(kv, 'values', undefined, where, ItemRejected), where, depth + 1);
    return void w.end(mark);
  }
  const by = field(v, 'bytesValue', 'bytes_value');
  if (by !== undefined) w.bytes(7, base64ToBytes(str(by, `${where}.bytesValue`, ItemRejected)) ?? new Uint8Array(0));
}

function keyValues(w: ProtoWriter, fieldNo: number, items: unknown[], where: string, depth = 0): void {
  for (const kv of items) {
    if (!isObj(kv) || typeof kv.key !== 'string') throw new ItemRejected(`${where}: attribute must have a string key`);
    const mark = w.begin(fieldNo);
    stringField(w, 1, kv.key);
    const value = w.begin(2);
    anyValue(w, kv.value, depth ? where : `${where}[${kv.key}]`, depth);
    w.end(value);
    w.end(mark);
  }
}

/** Resource or scope attributes: a problem there is the request's (answer 400), not one span's. */
function requestAttributes(w: ProtoWriter, fieldNo: number, items: unknown[], where: string): void {
  try {
    keyValues(w, fieldNo, items, where);
  } catch (error) {
    throw new OtlpDecodeError((error as Error).message);
  }
}

function event(w: ProtoWriter, e: unknown): void {
  if (!isObj(e)) throw new ItemRejected('event must be an object');
  const mark = w.begin(11);
  time(w, 1, field(e, 'timeUnixNano', 'time_unix_nano'), 'event.timeUnixNano');
  stringField(w, 2, str(e.name, 'event.name', ItemRejected));
  keyValues(w, 3, list(e, 'attributes', undefined, 'event', ItemRejected), 'event.attributes');
  uint32(w, 4, uint(field(e, 'droppedAttributesCount', 'dropped_attributes_count')));
  w.end(mark);
}

function link(w: ProtoWriter, l: unknown): void {
  if (!isObj(l)) throw new ItemRejected('link must be an object');
  const mark = w.begin(13);
  idField(w, 1, id(field(l, 'traceId', 'trace_id'), 16, 'link.traceId'));
  idField(w, 2, id(field(l, 'spanId', 'span_id'), 8, 'link.spanId'));
  stringField(w, 3, str(field(l, 'traceState', 'trace_state'), 'link.traceState', ItemRejected));
  keyValues(w, 4, list(l, 'attributes', undefined, 'link', ItemRejected), 'link.attributes');
  const flags = uint(l.flags);
  if (flags !== undefined && flags >>> 0) w.fixed32(6, flags);
  w.end(mark);
}

interface Tally {
  rejected: number;
  /** Reasons of the reader's rejections and of the id checks, kept apart as the two-step path reports them. */
  readErrors: string[];
  idErrors: string[];
}

/** Writes one span; throws `ItemRejected` for a span the reader would leave out (the caller rewinds). */
function span(w: ProtoWriter, s: unknown): string | null {
  if (!isObj(s)) throw new ItemRejected('span must be an object');
  const status = field(s, 'status');
  if (status != null && !isObj(status)) throw new ItemRejected('span.status must be an object');
  const traceId = id(field(s, 'traceId', 'trace_id'), 16, 'span.traceId');
  const spanId = id(field(s, 'spanId', 'span_id'), 8, 'span.spanId');
  const traceState = str(field(s, 'traceState', 'trace_state'), 'span.traceState', ItemRejected);
  const parentSpanId = id(field(s, 'parentSpanId', 'parent_span_id'), 8, 'span.parentSpanId');
  const flags = uint(s.flags);
  const name = str(s.name, 'span.name', ItemRejected);
  const kind = enumValue(s.kind, SPAN_KINDS, 'span.kind');
  const mark = w.begin(2);
  idField(w, 1, traceId);
  idField(w, 2, spanId);
  stringField(w, 3, traceState);
  idField(w, 4, parentSpanId);
  stringField(w, 5, name);
  int32(w, 6, kind);
  time(w, 7, field(s, 'startTimeUnixNano', 'start_time_unix_nano'), 'span.startTimeUnixNano');
  time(w, 8, field(s, 'endTimeUnixNano', 'end_time_unix_nano'), 'span.endTimeUnixNano');
  keyValues(w, 9, list(s, 'attributes', undefined, 'span', ItemRejected), 'span.attributes');
  uint32(w, 10, uint(field(s, 'droppedAttributesCount', 'dropped_attributes_count')));
  for (const e of list(s, 'events', undefined, 'span', ItemRejected)) event(w, e);
  uint32(w, 12, uint(field(s, 'droppedEventsCount', 'dropped_events_count')));
  for (const l of list(s, 'links', undefined, 'span', ItemRejected)) link(w, l);
  uint32(w, 14, uint(field(s, 'droppedLinksCount', 'dropped_links_count')));
  if (status) {
    const code = enumValue(status.code, STATUS_CODES, 'span.status.code');
    const message = str(status.message, 'span.status.message', ItemRejected);
    const st = w.begin(15);
    stringField(w, 2, message);
    int32(w, 3, code);
    w.end(st);
  }
  if (flags !== undefined && flags >>> 0) w.fixed32(16, flags);
  w.end(mark);
  return spanIdsProblem(traceId, spanId, parentSpanId);
}

function scopeSpans(w: ProtoWriter, ss: unknown, tally: Tally): void {
  if (!isObj(ss)) throw new OtlpDecodeError('scopeSpans[] must be objects');
  const mark = w.begin(2);
  const scope = field(ss, 'scope');
  if (scope != null && !isObj(scope)) throw new OtlpDecodeError('scope must be an object');
  const s = w.begin(1);
  if (scope) {
    stringField(w, 1, str(scope.name, 'scope.name', OtlpDecodeError));
    stringField(w, 2, str(scope.version, 'scope.version', OtlpDecodeError));
    requestAttributes(w, 3, list(scope, 'attributes', undefined, 'scope', OtlpDecodeError), 'scope');
  }
  w.end(s);
  for (const item of list(ss, 'spans', undefined, 'scopeSpans', OtlpDecodeError)) {
    const rewind = w.pos;
    let problem: string | null;
    try {
      problem = span(w, item);
    } catch (error) {
      if (!(error instanceof ItemRejected)) throw error;
      w.pos = rewind;
      tally.rejected++;
      if (tally.readErrors.length < 5) tally.readErrors.push(error.message);
      continue;
    }
    if (problem) {
      w.pos = rewind;
      tally.rejected++;
      if (tally.idErrors.length < 5) tally.idErrors.push(problem);
    }
  }
  stringField(w, 3, readSchemaUrl(ss) ?? '');
  w.end(mark);
}

/**
 * Writes an OTLP/HTTP JSON `ExportTraceServiceRequest` (already `JSON.parse`d) straight as protobuf, with the rules
 * of `readTraceRequestJson` and `filterValidSpans`: structural errors throw `OtlpDecodeError`; a span with bad field
 * types or invalid ids is left out and counted. Same result as reading, validating and encoding, without the
 * canonical objects in between (the cost of JSON ingest is then mostly `JSON.parse`).
 * @example const { request, rejected } = writeTraceRequestJson(JSON.parse(text));
 */
export function writeTraceRequestJson(value: unknown, sizeHint = 64 * 1024): WrittenTraceRequest {
  if (!isObj(value)) throw new OtlpDecodeError('body must be a JSON object');
  const tally: Tally = { rejected: 0, readErrors: [], idErrors: [] };
  const w = new ProtoWriter(sizeHint);
  for (const rs of list(value as Obj, 'resourceSpans', 'resource_spans', 'request', OtlpDecodeError)) {
    if (!isObj(rs)) throw new OtlpDecodeError('resourceSpans[] must be objects');
    const mark = w.begin(1);
    const resource = field(rs, 'resource');
    if (resource != null && !isObj(resource)) throw new OtlpDecodeError('resource must be an object');
    const r = w.begin(1);
    if (resource) requestAttributes(w, 1, list(resource, 'attributes', undefined, 'resource', OtlpDecodeError), 'resource');
    w.end(r);
    for (const ss of list(rs, 'scopeSpans', 'scope_spans', 'resourceSpans', OtlpDecodeError)) scopeSpans(w, ss, tally);
    stringField(w, 3, readSchemaUrl(rs) ?? '');
    w.end(mark);
  }
  return { request: w.finish(), rejected: tally.rejected, errors: [...tally.readErrors, ...tally.idErrors] };
}
