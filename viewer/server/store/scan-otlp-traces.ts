import protobuf from 'protobufjs';
import type { AttributeValue, Attributes } from '../../shared/api-types.js';
import { decodeAnyValueProtobuf } from '../../../lib/forward/decode-otlp-protobuf.js';
import { OtlpDecodeError } from '../../../lib/forward/otlp-types.js';
import { fail, isZero, last, ranges } from './protobuf-walk.js';
import { spanIdsProblem } from '../../../lib/forward/validate-otlp-spans.js';
import { checkAnyValue, checkResourceAndScope, checkSpanPart, SPAN_FIELD_WIRE } from './check-span-structure.js';
import { anyValueToAttribute } from './attribute-values.js';

/**
 * One span as the scanner found it: where its `Span` message is in the request, and the few fields the store
 * indexes. The scanner reuses one object for every span: copy what you keep.
 */
export interface ScannedSpan {
  /** The `Span` message's bytes are `buf[start, end)`. */
  buf: Uint8Array;
  start: number;
  end: number;
  /** Offsets of the 16-byte trace id and the 8-byte span id in `buf`; `parentAt` -1 when the span has no parent. */
  traceIdAt: number;
  spanIdAt: number;
  parentAt: number;
  name: string;
  kind: number;
  /** Start and end as unsigned 64-bit nanoseconds in two 32-bit halves. */
  startLo: number;
  startHi: number;
  endLo: number;
  endHi: number;
  statusCode: number;
  /** The attributes whose keys the caller asked for (the summary's keys), decoded; nothing else is. */
  picked: Attributes;
  /** Why the span cannot be stored (invalid ids), or null. */
  problem: string | null;
}

/** What the scanner calls, in wire order. */
export interface TraceScanVisitor {
  /** A new resource and scope: the spans that follow belong to them (bytes of the `Resource` / `InstrumentationScope` messages). */
  group(resource: Uint8Array, scope: Uint8Array): void;
  span(span: ScannedSpan): void;
}

const EMPTY_ID = new Uint8Array(0);

/** The keys a scan decodes, grouped by byte length, so a key is recognized by its bytes without building a string. */
export interface KeyMatcher {
  byLength: Map<number, Array<{ bytes: Uint8Array; text: string }>>;
}

/**
 * Builds the key matcher of a set of attribute keys.
 * @example const keys = keyMatcher(GEN_AI_SUMMARY_KEYS);
 */
export function keyMatcher(keys: Iterable<string>): KeyMatcher {
  const byLength = new Map<number, Array<{ bytes: Uint8Array; text: string }>>();
  for (const text of keys) {
    const bytes = new TextEncoder().encode(text);
    let list = byLength.get(bytes.length);
    if (!list) byLength.set(bytes.length, (list = []));
    list.push({ bytes, text });
  }
  return { byLength };
}

function matchKey(keys: KeyMatcher, buf: Uint8Array, at: number, length: number): string | null {
  const candidates = keys.byLength.get(length);
  if (!candidates) return null;
  outer: for (const c of candidates) {
    const b = c.bytes;
    // Keys share long prefixes ("gen_ai.usage."): compare from the end.
    for (let i = length - 1; i >= 0; i--) if (b[i] !== buf[at + i]) continue outer;
    return c.text;
  }
  return null;
}

/** The value of an `AnyValue` at `[start, end)`: scalars read directly, arrays and maps through protobufjs. */
function readValue(r: protobuf.Reader, start: number, end: number): AttributeValue {
  r.pos = start;
  let value: AttributeValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case (1 << 3) | 2:
        value = r.string();
        break;
      case (2 << 3) | 0:
        value = r.bool();
        break;
      case (3 << 3) | 0: {
        const long = r.int64() as unknown as { low: number; high: number } | number;
        if (typeof long === 'number') value = long;
        else {
          const n = long.high * 4294967296 + (long.low >>> 0);
          value = Number.isSafeInteger(n) ? n : BigInt.asIntN(64, (BigInt(long.high >>> 0) << 32n) | BigInt(long.low >>> 0)).toString();
        }
        break;
      }
      case (4 << 3) | 1:
        value = r.double();
        break;
      case (5 << 3) | 2: {
        // An array (finish reasons): its values one by one, each an AnyValue.
        const arrayEnd = r.uint32() + r.pos;
        const values: AttributeValue[] = [];
        while (r.pos < arrayEnd) {
          const inner = r.uint32();
          if (inner !== ((1 << 3) | 2)) {
            r.skipType(inner & 7);
            continue;
          }
          const valueEnd = r.uint32() + r.pos;
          values.push(readValue(r, r.pos, valueEnd));
          r.pos = valueEnd;
        }
        value = values;
        break;
      }
      default:
        if ((tag & 7) === 2 && (tag >>> 3 === 6 || tag >>> 3 === 7)) {
          return anyValueToAttribute(decodeAnyValueProtobuf(r.buf.subarray(start, end)));
        }
        r.skipType(tag & 7);
    }
  }
  return value;
}

/**
 * Checks one attribute `KeyValue` at `[start, end)` and, when its key is one of `keys`, decodes its value into
 * `picked`. Other keys are recognized by their bytes and never turned into strings: that is what keeps ingest near
 * the cost of copying.
 */
function pickAttribute(r: protobuf.Reader, start: number, end: number, keys: KeyMatcher, picked: Attributes): void {
  let key: string | null = null;
  let valueStart = -1;
  let valueEnd = -1;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === ((1 << 3) | 2)) {
      const length = r.uint32();
      if (r.pos + length > end) fail('attribute key runs past its attribute');
      key = matchKey(keys, r.buf, r.pos, length);
      r.pos += length;
    } else if (tag === ((2 << 3) | 2)) {
      const length = r.uint32();
      valueStart = r.pos;
      valueEnd = r.pos + length;
      if (valueEnd > end) fail('attribute value runs past its attribute');
      checkAnyValue(r, valueEnd, 0);
      r.pos = valueEnd;
    } else if (tag >>> 3 === 1 || tag >>> 3 === 2) fail('KeyValue field has the wrong wire type');
    else r.skipType(tag & 7);
  }
  if (r.pos !== end) fail('attribute ends inside a field');
  if (key !== null) picked[key] = valueStart < 0 ? null : readValue(r, valueStart, valueEnd);
}

function scanStatus(r: protobuf.Reader, start: number, end: number): number {
  let code = 0;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === 3 && (tag & 7) === 0) code = r.int32();
    else r.skipType(tag & 7);
  }
  return code;
}

function scanSpan(r: protobuf.Reader, s: ScannedSpan, wanted: KeyMatcher): void {
  const { buf } = s;
  const end = s.end;
  let traceLength = 0;
  let spanLength = 0;
  let parentLength = 0;
  let statusStart = -1;
  let statusEnd = -1;
  const attributes: number[] = [];
  s.traceIdAt = s.spanIdAt = s.parentAt = -1;
  s.name = '';
  s.kind = 0;
  s.startLo = s.startHi = s.endLo = s.endHi = 0;
  s.statusCode = 0;
  s.picked = {};
  s.problem = null;
  r.pos = s.start;
  while (r.pos < end) {
    const tag = r.uint32();
    const wire = tag & 7;
    switch (tag >>> 3) {
      case 1:
      case 2:
      case 4: {
        if (wire !== 2) fail('span id fields must be bytes');
        const length = r.uint32();
        const field = tag >>> 3;
        if (field === 1) (s.traceIdAt = r.pos), (traceLength = length);
        else if (field === 2) (s.spanIdAt = r.pos), (spanLength = length);
        else (s.parentAt = r.pos), (parentLength = length);
        r.pos += length;
        break;
      }
      case 5:
        if (wire !== 2) fail('span name must be a string');
        s.name = r.string();
        break;
      case 6:
        if (wire !== 0) fail('span kind must be a varint');
        s.kind = r.int32();
        break;
      case 7:
      case 8: {
        if (wire !== 1) fail('span times must be fixed64');
        const lo = r.fixed32();
        const hi = r.fixed32();
        if (tag >>> 3 === 7) (s.startLo = lo), (s.startHi = hi);
        else (s.endLo = lo), (s.endHi = hi);
        break;
      }
      case 9: {
        if (wire !== 2) fail('span attributes must be messages');
        const length = r.uint32();
        attributes.push(r.pos, r.pos + length);
        r.pos += length;
        break;
      }
      case 15: {
        if (wire !== 2) fail('span status must be a message');
        const length = r.uint32();
        statusStart = r.pos;
        statusEnd = r.pos + length;
        if (statusEnd > end) fail('span status runs past the span');
        checkSpanPart(r, 15, statusEnd);
        r.pos = statusEnd;
        break;
      }
      case 11:
      case 13: {
        if (wire !== 2) fail('span events and links must be messages');
        const length = r.uint32();
        const partEnd = r.pos + length;
        if (partEnd > end) fail('span event or link runs past the span');
        checkSpanPart(r, tag >>> 3, partEnd);
        r.pos = partEnd;
        break;
      }
      default: {
        const expected = SPAN_FIELD_WIRE[tag >>> 3];
        if (expected !== undefined && expected !== wire) fail(`span field ${tag >>> 3} has the wrong wire type`);
        r.skipType(wire);
      }
    }
    if (r.pos > end) fail('length past the end of the span');
  }
  if (r.pos !== end) fail('span ends inside a field');
  for (let i = 0; i < attributes.length; i += 2) pickAttribute(r, attributes[i], attributes[i + 1], wanted, s.picked);
  if (statusStart >= 0) s.statusCode = scanStatus(r, statusStart, statusEnd);
  r.pos = end;
  // The receivers' one rule for a valid span.
  const id = (at: number, length: number) => (at < 0 ? EMPTY_ID : buf.subarray(at, at + length));
  s.problem = spanIdsProblem(id(s.traceIdAt, traceLength), id(s.spanIdAt, spanLength), id(s.parentAt, parentLength));
  if (parentLength === 0 || (parentLength === 8 && isZero(buf, s.parentAt, 8))) s.parentAt = -1;
}

/**
 * Walks an OTLP `ExportTraceServiceRequest` in protobuf without decoding it: for each span, the byte range of its
 * `Span` message, its ids, name, kind, times and status code, and the attributes named in `wanted`. Everything else
 * stays bytes. Throws `OtlpDecodeError` for malformed protobuf (the receiver answers 400); a span with invalid ids
 * is reported with `problem` set (the receiver rejects it and answers partial success).
 * @example scanTraceRequest(body, keyMatcher(GEN_AI_SUMMARY_KEYS), { group(r, s) {}, span(s) { console.log(s.name); } });
 */
export function scanTraceRequest(buf: Uint8Array, wanted: KeyMatcher, visitor: TraceScanVisitor): void {
  const r = protobuf.Reader.create(buf);
  const resourceSpans: number[] = [];
  const scopeSpans: number[] = [];
  const spans: number[] = [];
  const s: ScannedSpan = {
    buf,
    start: 0,
    end: 0,
    traceIdAt: -1,
    spanIdAt: -1,
    parentAt: -1,
    name: '',
    kind: 0,
    startLo: 0,
    startHi: 0,
    endLo: 0,
    endHi: 0,
    statusCode: 0,
    picked: {},
    problem: null,
  };
  try {
    ranges(r, 0, buf.length, 1, resourceSpans);
    for (let i = 0; i < resourceSpans.length; i += 2) {
      const rsStart = resourceSpans[i];
      const rsEnd = resourceSpans[i + 1];
      // Fields may come in any order: the resource is looked up before its scopes are walked.
      const resource = last(r, rsStart, rsEnd, 1, buf);
      ranges(r, rsStart, rsEnd, 2, scopeSpans);
      for (let j = 0; j < scopeSpans.length; j += 2) {
        const scope = last(r, scopeSpans[j], scopeSpans[j + 1], 1, buf);
        ranges(r, scopeSpans[j], scopeSpans[j + 1], 2, spans);
        if (!spans.length) continue;
        checkResourceAndScope(resource, scope);
        visitor.group(resource, scope);
        for (let k = 0; k < spans.length; k += 2) {
          s.start = spans[k];
          s.end = spans[k + 1];
          scanSpan(r, s, wanted);
          visitor.span(s);
        }
      }
    }
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    fail((error as Error).message);
  }
}

/**
 * Scans one `Span` message (a stored record's payload) the same way as spans inside a request.
 * @example const s = scanSpanMessage(bytes, keyMatcher(GEN_AI_SUMMARY_KEYS));
 */
export function scanSpanMessage(buf: Uint8Array, wanted: KeyMatcher): ScannedSpan {
  const r = protobuf.Reader.create(buf);
  const s = { buf, start: 0, end: buf.length } as ScannedSpan;
  try {
    scanSpan(r, s, wanted);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw error;
    fail((error as Error).message);
  }
  return s;
}
