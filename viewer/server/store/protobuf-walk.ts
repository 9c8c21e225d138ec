import type protobuf from 'protobufjs';
import { OtlpDecodeError } from '../../../lib/forward/otlp-types.js';

// Helpers for walking protobuf wire data with protobufjs' Reader without decoding it: the scanners read only the
// fields they index and keep the rest as bytes.

const EMPTY: Uint8Array = new Uint8Array(0);

/**
 * Throws the decode error the receiver answers 400 for.
 * @example if (r.pos !== end) fail('message ends inside a field');
 */
export function fail(message: string): never {
  throw new OtlpDecodeError(`invalid protobuf: ${message}`);
}

/**
 * The byte ranges (start, end pairs, into `out`) of each length-delimited occurrence of `field` in `[start, end)`.
 * @example ranges(reader, 0, buf.length, 1, out);
 */
export function ranges(r: protobuf.Reader, start: number, end: number, field: number, out: number[]): void {
  out.length = 0;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === field && (tag & 7) === 2) {
      const length = r.uint32();
      out.push(r.pos, r.pos + length);
      r.pos += length;
      if (r.pos > end) fail('length past the end of its message');
    } else r.skipType(tag & 7);
  }
  if (r.pos !== end) fail('message ends inside a field');
}

/**
 * The last length-delimited occurrence of `field` in `[start, end)` (proto3: the last one wins), or empty bytes.
 * @example const resource = last(reader, rsStart, rsEnd, 1, buf);
 */
export function last(r: protobuf.Reader, start: number, end: number, field: number, buf: Uint8Array): Uint8Array {
  let found = EMPTY;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag >>> 3 === field && (tag & 7) === 2) {
      const length = r.uint32();
      found = buf.subarray(r.pos, r.pos + length);
      r.pos += length;
    } else r.skipType(tag & 7);
  }
  if (r.pos !== end) fail('message ends inside a field');
  return found;
}

/**
 * Whether `length` bytes at `at` are all zero (an unset id).
 * @example isZero(buf, traceIdAt, 16)
 */
export function isZero(buf: Uint8Array, at: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (buf[at + i] !== 0) return false;
  return true;
}
