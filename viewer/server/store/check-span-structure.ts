import protobuf from 'protobufjs';

const { Reader } = protobuf;
import { fail } from './protobuf-walk.js';

// The wire types the OTLP schema gives the fields the scanner does not decode: a span whose nested messages break
// them would be stored fine and fail to decode when read, so ingest checks them (without building any value).
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const I32 = 5;

/** Deeper attribute values are refused: they only serve to exhaust the stack of whoever reads the value next. */
export const MAX_VALUE_DEPTH = 32;

type Shape = Record<number, number | [number, Checker]>;
type Checker = (r: protobuf.Reader, end: number, depth: number) => void;

function walk(r: protobuf.Reader, end: number, depth: number, shape: Shape, what: string): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    const expected = shape[field];
    if (expected === undefined) {
      r.skipType(wire); // unknown fields are kept and skipped, as protobuf readers do
    } else if (typeof expected === 'number') {
      if (wire !== expected) fail(`${what} field ${field} has the wrong wire type`);
      r.skipType(wire);
    } else {
      if (wire !== LEN) fail(`${what} field ${field} must be a message`);
      const length = r.uint32();
      const inner = r.pos + length;
      if (inner > end) fail(`${what} field ${field} runs past its message`);
      expected[1](r, inner, depth);
      r.pos = inner;
    }
    if (r.pos > end) fail(`${what} ends inside a field`);
  }
}

/**
 * Checks an `AnyValue` message at `[r.pos, end)` (a hand-written walk: it runs for every attribute of every span, and
 * most values are one string). Throws `OtlpDecodeError` when it would not decode.
 * @example checkAnyValue(reader, valueEnd, 0);
 */
export function checkAnyValue(r: protobuf.Reader, end: number, depth: number): void {
  if (depth > MAX_VALUE_DEPTH) fail(`attribute values nested deeper than ${MAX_VALUE_DEPTH} levels`);
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 || field === 7) {
      if (wire !== LEN) fail('AnyValue string or bytes has the wrong wire type');
      r.skip(r.uint32());
    } else if (field === 2 || field === 3) {
      if (wire !== VARINT) fail('AnyValue bool or int has the wrong wire type');
      r.skip();
    } else if (field === 4) {
      if (wire !== I64) fail('AnyValue double has the wrong wire type');
      r.skip(8);
    } else if (field === 5 || field === 6) {
      if (wire !== LEN) fail('AnyValue array or map must be a message');
      const inner = r.uint32() + r.pos;
      if (inner > end) fail('AnyValue runs past its message');
      if (field === 5) arrayValue(r, inner, depth + 1);
      else keyValueList(r, inner, depth + 1);
      r.pos = inner;
    } else r.skipType(wire);
    if (r.pos > end) fail('AnyValue ends inside a field');
  }
}
const ARRAY_VALUE: Shape = { 1: [LEN, (r, end, depth) => checkAnyValue(r, end, depth)] };
const KEY_VALUE: Shape = { 1: LEN, 2: [LEN, (r, end, depth) => checkAnyValue(r, end, depth)] };
const arrayValue: Checker = (r, end, depth) => walk(r, end, depth, ARRAY_VALUE, 'ArrayValue');
const keyValue: Checker = (r, end, depth) => walk(r, end, depth, KEY_VALUE, 'KeyValue');
const KEY_VALUE_LIST: Shape = { 1: [LEN, keyValue] };
const keyValueList: Checker = (r, end, depth) => walk(r, end, depth, KEY_VALUE_LIST, 'KeyValueList');

/**
 * Checks one attribute `KeyValue` message at `[r.pos, end)`. Throws `OtlpDecodeError` when it would not decode.
 * @example checkKeyValue(reader, end);
 */
export const checkKeyValue = (r: protobuf.Reader, end: number): void => keyValue(r, end, 0);

// Shapes made once: `walk` runs for every span (its status) and every event and link.
const EVENT: Shape = { 1: I64, 2: LEN, 3: [LEN, keyValue], 4: VARINT };
const LINK: Shape = { 1: LEN, 2: LEN, 3: LEN, 4: [LEN, keyValue], 5: VARINT, 6: I32 };
const STATUS: Shape = { 2: LEN, 3: VARINT };
const event: Checker = (r, end, depth) => walk(r, end, depth, EVENT, 'Span.Event');
const link: Checker = (r, end, depth) => walk(r, end, depth, LINK, 'Span.Link');
const status: Checker = (r, end, depth) => walk(r, end, depth, STATUS, 'Status');

/**
 * Checks a span's nested message at `[r.pos, end)` by its field number (events 11, links 13, status 15). Throws
 * `OtlpDecodeError` when it would not decode.
 * @example checkSpanPart(reader, 11, end);
 */
export function checkSpanPart(r: protobuf.Reader, field: number, end: number): void {
  if (field === 11) event(r, end, 0);
  else if (field === 13) link(r, end, 0);
  else if (field === 15) status(r, end, 0);
}

/** The wire types of the span's own scalar fields (checked by the scanner as it reads them). */
export const SPAN_FIELD_WIRE: Record<number, number> = { 3: LEN, 10: VARINT, 12: VARINT, 14: VARINT, 16: I32 };

/**
 * Checks an OTLP `Resource` and `InstrumentationScope` pair the same way. Throws `OtlpDecodeError`.
 * @example checkResourceAndScope(resourceBytes, scopeBytes);
 */
export function checkResourceAndScope(resource: Uint8Array, scope: Uint8Array): void {
  const r = Reader.create(resource);
  walk(r, resource.length, 0, { 1: [LEN, keyValue], 2: VARINT }, 'Resource');
  const s = Reader.create(scope);
  walk(s, scope.length, 0, { 1: LEN, 2: LEN, 3: [LEN, keyValue], 4: VARINT }, 'InstrumentationScope');
}
