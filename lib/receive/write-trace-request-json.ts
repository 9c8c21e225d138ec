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
import { ProtoWriter, WIRE } from '../protobuf/proto-writer.js';

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

const TWO_32 = 4294967296;

/**
 * A fixed64 time field, written as such (0 is left out, as proto3 does). The common case, a decimal string of up to
 * 19 digits (always below 2^64), is read without BigInt: as two parts of at most 10 and 9 digits, exact in doubles.
 */
function time(w: ProtoWriter, fieldNo: number, v: unknown, where: string): void {
  if (typeof v === 'string' && v.length > 0 && v.length <= 19) {
    const n = v.length;
    const split = n > 9 ? n - 9 : 0;
    let high = 0; // the leading digits: < 10^10
    let low = 0; // the last 9 digits
    let i = 0;
    for (; i < split; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      high = high * 10 + d;
    }
    if (i === split) {
      for (; i < n; i++) {
        const d = v.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        low = low * 10 + d;
      }
    }
    if (i === n) {
      if (high === 0 && low === 0) return;
      // high * 10^9 + low in 32-bit halves: high = h * 2^16 + l, so the value is h * 10^9 * 2^16 + (l * 10^9 + low),
      // both products below 2^53.
      const h = Math.floor(high / 65536);
      const x = h * 1e9;
      const y = (high - h * 65536) * 1e9 + low;
      let lo = (x % 65536) * 65536 + (y % TWO_32);
      let hi = Math.floor(x / 65536) + Math.floor(y / TWO_32);
      if (lo >= TWO_32) {
        lo -= TWO_32;
        hi++;
      }
      return void w.fixed64(fieldNo, lo, hi);
    }
  }
  const n = integer(v, where);
  if (n < 0n || n > UINT64_MAX) throw new ItemRejected(`${where} ${String(v).slice(0, 30)} is outside 0 .. 2^64-1`);
  if (n !== 0n) w.fixed64(fieldNo, Number(n & 0xffffffffn), Number(n >> 32n));
}

/** An int64 value (field 3 of AnyValue): non-negative safe integers without BigInt, the rest through it. */
function int64Value(w: ProtoWriter, i: unknown, where: string): void {
  let safe = -1;
  if (typeof i === 'number') {
    if (Number.isSafeInteger(i) && i >= 0) safe = i;
  } else if (typeof i === 'string' && i.length > 0 && i.length <= 15) {
    let n = 0;
    let k = 0;
    for (; k < i.length; k++) {
      const d = i.charCodeAt(k) - 48;
      if (d < 0 || d > 9) break;
      n = n * 10 + d;
    }
    if (k === i.length) safe = n;
  }
  w.tag(3, WIRE.varint);
  if (safe >= 0) return void w.varint64(safe % TWO_32, Math.floor(safe / TWO_32));
  const label = `${where}.intValue`;
  const n = integer(i, label);
  if (n < INT64_MIN || n > INT64_MAX) throw new ItemRejected(`${label} ${String(i).slice(0, 30)} is outside int64`);
  const u = BigInt.asUintN(64, n);
  w.varint64(Number(u & 0xffffffffn), Number(u >> 32n));
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

/** The value of a hex digit (either case), or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

/**
 * An id field, with `id`'s rules: hex of the right length (either case) is written as bytes in one pass (the common
 * case); anything else goes through `id` (base64, or the raw value) and is written only when that is hex of even
 * length (else validation rejects its span). Returns the id as `spanIdsProblem` takes it.
 */
function idField(w: ProtoWriter, fieldNo: number, v: unknown, bytes: number, where: string): string | Uint8Array {
  if (typeof v === 'string' && v.length === bytes * 2) {
    const rewind = w.pos;
    w.tag(fieldNo, WIRE.len);
    w.varint(bytes);
    w.ensure(bytes);
    const { buf } = w;
    const at = w.pos;
    let i = 0;
    for (; i < bytes; i++) {
      const hi = hexValue(v.charCodeAt(2 * i));
      const lo = hexValue(v.charCodeAt(2 * i + 1));
      if (hi < 0 || lo < 0) break;
      buf[at + i] = (hi << 4) | lo;
    }
    if (i === bytes) {
      w.pos = at + bytes;
      return buf.subarray(at, at + bytes);
    }
    w.pos = rewind;
  }
  const hex = id(v, bytes, where);
  if (hex && hex.length % 2 === 0 && HEX.test(hex)) w.hexBytes(fieldNo, hex);
  return hex;
}

/** `where`, or `where[key]` for a top-level attribute: built only for an error message. */
const labelOf = (where: string, key: string | undefined) => (key === undefined ? where : `${where}[${key}]`);

function anyValue(w: ProtoWriter, v: unknown, where: string, key: string | undefined, depth: number): void {
  if (v == null) return;
  if (depth > MAX_DEPTH) throw new ItemRejected(`${labelOf(where, key)}: attribute values nested deeper than ${MAX_DEPTH} levels`);
  if (typeof v !== 'object' || Array.isArray(v)) throw new ItemRejected(`${labelOf(where, key)} must be an AnyValue object`);
  const o = v as Obj;
  // Direct property reads (camelCase first, as `field`): JSON.parse gives objects of one shape, so they stay fast.
  let s = o.stringValue;
  if (s === undefined) s = o.string_value;
  if (s !== undefined) {
    if (typeof s === 'string') return void w.string(1, s);
    if (s === null) return void w.string(1, '');
    throw new ItemRejected(`${labelOf(where, key)} must be a string`);
  }
  let b = o.boolValue;
  if (b === undefined) b = o.bool_value;
  if (b !== undefined) {
    if (typeof b !== 'boolean') throw new ItemRejected(`${labelOf(where, key)}.boolValue must be a boolean`);
    w.tag(2, WIRE.varint);
    return void w.varint(b ? 1 : 0);
  }
  let i = o.intValue;
  if (i === undefined) i = o.int_value;
  if (i !== undefined) return int64Value(w, i, labelOf(where, key));
  let d = o.doubleValue;
  if (d === undefined) d = o.double_value;
  if (d !== undefined) {
    // proto3 JSON writes NaN and infinities as strings.
    const n = typeof d === 'string' ? Number(d) : d;
    if (typeof n !== 'number') throw new ItemRejected(`${labelOf(where, key)}.doubleValue must be a number`);
    return void w.double(4, n);
  }
  const label = labelOf(where, key);
  const a = field(o, 'arrayValue', 'array_value');
  if (a !== undefined) {
    if (!isObj(a)) throw new ItemRejected(`${label}.arrayValue must be an object`);
    const mark = w.begin(5);
    for (const x of list(a, 'values', undefined, label, ItemRejected)) {
      const inner = w.begin(1, 0);
      anyValue(w, x, label, undefined, depth + 1);
      w.end(inner);
    }
    return void w.end(mark);
  }
  const kv = field(o, 'kvlistValue', 'kvlist_value');
  if (kv !== undefined) {
    if (!isObj(kv)) throw new ItemRejected(`${label}.kvlistValue must be an object`);
    const mark = w.begin(6);
    keyValues(w, 1, list(kv, 'values', undefined, label, ItemRejected), label, depth + 1);
    return void w.end(mark);
  }
  const by = field(o, 'bytesValue', 'bytes_value');
  if (by !== undefined) w.bytes(7, base64ToBytes(str(by, `${label}.bytesValue`, ItemRejected)) ?? new Uint8Array(0));
}

function keyValues(w: ProtoWriter, fieldNo: number, items: unknown[], where: string, depth = 0): void {
  for (let n = 0; n < items.length; n++) {
    const kv = items[n];
    if (typeof kv !== 'object' || kv === null || Array.isArray(kv)) throw new ItemRejected(`${where}: attribute must have a string key`);
    const key = (kv as Obj).key;
    if (typeof key !== 'string') throw new ItemRejected(`${where}: attribute must have a string key`);
    const value = (kv as Obj).value;
    // The lengths to reserve, when the value is a string: exact for ASCII, so no bytes move when the message closes.
    const sv = typeof value === 'object' && value !== null ? (value as Obj).stringValue : undefined;
    const valueLength = typeof sv === 'string' ? sv.length + 4 : 0;
    const mark = w.begin(fieldNo, key.length + valueLength + 4);
    stringField(w, 1, key);
    const inner = w.begin(2, valueLength);
    anyValue(w, value, where, depth ? undefined : key, depth);
    w.end(inner);
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

/** An item's repeated field: [] when absent, rejected when not an array. */
function itemList(v: unknown, camel: string, where: string): unknown[] {
  if (v == null) return EMPTY;
  if (!Array.isArray(v)) throw new ItemRejected(`${where}.${camel} must be an array`);
  return v;
}

const EMPTY: unknown[] = [];

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
  const mark = w.begin(13, 64);
  idField(w, 1, field(l, 'traceId', 'trace_id'), 16, 'link.traceId');
  idField(w, 2, field(l, 'spanId', 'span_id'), 8, 'link.spanId');
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
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new ItemRejected('span must be an object');
  const o = s as Obj;
  const status = o.status;
  if (status != null && !isObj(status)) throw new ItemRejected('span.status must be an object');
  // Fields are checked in the reader's order, which is also their wire order: each is written as it is checked.
  const mark = w.begin(2);
  let v = o.traceId;
  const traceId = idField(w, 1, v === undefined ? o.trace_id : v, 16, 'span.traceId');
  v = o.spanId;
  const spanId = idField(w, 2, v === undefined ? o.span_id : v, 8, 'span.spanId');
  v = o.traceState;
  stringField(w, 3, str(v === undefined ? o.trace_state : v, 'span.traceState', ItemRejected));
  v = o.parentSpanId;
  const parentSpanId = idField(w, 4, v === undefined ? o.parent_span_id : v, 8, 'span.parentSpanId');
  const flags = uint(o.flags);
  v = o.name;
  if (typeof v === 'string') stringField(w, 5, v);
  else if (v != null) throw new ItemRejected('span.name must be a string');
  v = o.kind;
  int32(w, 6, typeof v === 'number' && Number.isInteger(v) ? v : enumValue(v, SPAN_KINDS, 'span.kind'));
  v = o.startTimeUnixNano;
  time(w, 7, v === undefined ? o.start_time_unix_nano : v, 'span.startTimeUnixNano');
  v = o.endTimeUnixNano;
  time(w, 8, v === undefined ? o.end_time_unix_nano : v, 'span.endTimeUnixNano');
  keyValues(w, 9, itemList(o.attributes, 'attributes', 'span'), 'span.attributes');
  uint32(w, 10, uint(field(o, 'droppedAttributesCount', 'dropped_attributes_count')));
  const events = itemList(o.events, 'events', 'span');
  for (let i = 0; i < events.length; i++) event(w, events[i]);
  uint32(w, 12, uint(field(o, 'droppedEventsCount', 'dropped_events_count')));
  const links = itemList(o.links, 'links', 'span');
  for (let i = 0; i < links.length; i++) link(w, links[i]);
  uint32(w, 14, uint(field(o, 'droppedLinksCount', 'dropped_links_count')));
  if (status) {
    const code = enumValue(status.code, STATUS_CODES, 'span.status.code');
    const message = str(status.message, 'span.status.message', ItemRejected);
    const st = w.begin(15, 0);
    stringField(w, 2, message);
    int32(w, 3, code);
    w.end(st);
  }
  if (flags !== undefined && flags >>> 0) w.fixed32(16, flags);
  // Judged before `end`, which may move the span's bytes (the ids may be views of them).
  const problem = spanIdsProblem(traceId, spanId, parentSpanId);
  w.end(mark);
  return problem;
}

function scopeSpans(w: ProtoWriter, ss: unknown, tally: Tally, sizeHint: number): void {
  if (!isObj(ss)) throw new OtlpDecodeError('scopeSpans[] must be objects');
  const mark = w.begin(2, sizeHint);
  const scope = field(ss, 'scope');
  if (scope != null && !isObj(scope)) throw new OtlpDecodeError('scope must be an object');
  const s = w.begin(1, 0);
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
 * canonical objects in between (the cost of JSON ingest is then mostly `JSON.parse`). `into`: a buffer to write into
 * first (the result is a view of it from its start unless the request outgrew it).
 * @example const { request, rejected } = writeTraceRequestJson(JSON.parse(text));
 */
export function writeTraceRequestJson(value: unknown, sizeHint = 64 * 1024, into?: Uint8Array): WrittenTraceRequest {
  if (!isObj(value)) throw new OtlpDecodeError('body must be a JSON object');
  const tally: Tally = { rejected: 0, readErrors: [], idErrors: [] };
  const w = new ProtoWriter(sizeHint, into);
  for (const rs of list(value as Obj, 'resourceSpans', 'resource_spans', 'request', OtlpDecodeError)) {
    if (!isObj(rs)) throw new OtlpDecodeError('resourceSpans[] must be objects');
    // The body's size is about the size of its one resourceSpans and scopeSpans: their length varints are reserved so.
    const mark = w.begin(1, sizeHint);
    const resource = field(rs, 'resource');
    if (resource != null && !isObj(resource)) throw new OtlpDecodeError('resource must be an object');
    const r = w.begin(1);
    if (resource) requestAttributes(w, 1, list(resource, 'attributes', undefined, 'resource', OtlpDecodeError), 'resource');
    w.end(r);
    for (const ss of list(rs, 'scopeSpans', 'scope_spans', 'resourceSpans', OtlpDecodeError)) scopeSpans(w, ss, tally, sizeHint);
    stringField(w, 3, readSchemaUrl(rs) ?? '');
    w.end(mark);
  }
  return { request: w.finish(), rejected: tally.rejected, errors: [...tally.readErrors, ...tally.idErrors] };
}
