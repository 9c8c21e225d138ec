// A small protobuf wire writer, for the direct OTLP/JSON -> protobuf conversion and the span exporter's encoder.
// protobufjs' Writer builds a list of operations per field and needs message objects shaped for it; this one writes
// straight into one growing buffer, strings through the platform's native `TextEncoder.encodeInto`, and patches
// each nested message's length in place.
// Web APIs only (the relay runs it on edge runtimes).

const encoder = new TextEncoder();

/** Strings up to this length are written by a loop while they are ASCII, longer ones by the encoder. */
const ASCII_LOOP_MAX = 64;

const varintSize = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/** Protobuf wire types. */
export const WIRE = { varint: 0, i64: 1, len: 2, i32: 5 } as const;

/**
 * Writes protobuf wire data into a buffer that grows as needed.
 * @example
 * const w = new ProtoWriter();
 * const at = w.begin(1); w.string(5, 'chat'); w.end(at);
 * const bytes = w.finish();
 */
export class ProtoWriter {
  buf: Uint8Array;
  pos = 0;
  private view: DataView;

  /** `into`: a buffer to write into (e.g. a pooled one, reused across requests) before any new one is allocated. */
  constructor(size = 64 * 1024, into?: Uint8Array) {
    this.buf = into ?? new Uint8Array(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = Math.max(this.buf.length * 2, 1024); // from at least 1 KB: a given buffer may be empty
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** An unsigned varint of up to 32 bits. */
  varint(n: number): void {
    this.ensure(5);
    n >>>= 0;
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.pos++] = n;
  }

  /** A 64-bit varint from its two 32-bit halves (negative int64s as their two's complement). */
  varint64(lo: number, hi: number): void {
    this.ensure(10);
    lo >>>= 0;
    hi >>>= 0;
    while (hi > 0 || lo >= 0x80) {
      this.buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.buf[this.pos++] = lo;
  }

  tag(field: number, wire: number): void {
    this.varint((field << 3) | wire);
  }

  fixed32(field: number, n: number): void {
    this.tag(field, WIRE.i32);
    this.ensure(4);
    this.view.setUint32(this.pos, n >>> 0, true);
    this.pos += 4;
  }

  fixed64(field: number, lo: number, hi: number): void {
    this.tag(field, WIRE.i64);
    this.ensure(8);
    this.view.setUint32(this.pos, lo >>> 0, true);
    this.view.setUint32(this.pos + 4, hi >>> 0, true);
    this.pos += 8;
  }

  double(field: number, n: number): void {
    this.tag(field, WIRE.i64);
    this.ensure(8);
    this.view.setFloat64(this.pos, n, true);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string field. */
  string(field: number, s: string): void {
    this.tag(field, WIRE.len);
    const n = s.length;
    // UTF-8 takes at least one byte per UTF-16 unit and at most three: reserve the varint of the shortest, room for the
    // longest, and move the bytes up in the rare case the real length needs a longer varint.
    const reserved = varintSize(n);
    this.ensure(reserved + n * 3 + 5);
    const { buf } = this;
    const at = this.pos + reserved;
    if (n <= ASCII_LOOP_MAX) {
      // Short strings (keys, names, ids) are mostly ASCII: a plain loop beats the call into the encoder.
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + i] = c;
      }
      if (i === n) return this.patchLength(this.pos, reserved, n);
    }
    const { written } = encoder.encodeInto(s, buf.subarray(at));
    this.patchLength(this.pos, reserved, written);
  }

  /** A length-delimited bytes field. */
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, WIRE.len);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A bytes field from a hex string (even length, hex digits only: the caller checked). */
  hexBytes(field: number, hex: string): void {
    const n = hex.length >> 1;
    this.tag(field, WIRE.len);
    this.varint(n);
    this.ensure(n);
    for (let i = 0; i < n; i++) this.buf[this.pos + i] = (hexDigit(hex.charCodeAt(2 * i)) << 4) | hexDigit(hex.charCodeAt(2 * i + 1));
    this.pos += n;
  }

  /**
   * Starts a nested message in `field`; returns the mark `end` needs. `expected` is the length the message is
   * likely to have: its varint is reserved, so `end` moves nothing when the guess was right (a wrong guess costs a
   * move of the message's bytes, cheap for the small messages it mostly happens to).
   */
  begin(field: number, expected = 1000): number {
    this.tag(field, WIRE.len);
    const reserved = varintSize(expected);
    this.ensure(reserved);
    const mark = this.pos * 8 + reserved;
    this.pos += reserved;
    return mark;
  }

  /** Ends the nested message begun at `mark`: writes its length, moving the message if its varint size differs. */
  end(mark: number): void {
    const reserved = mark & 7;
    const at = (mark - reserved) / 8;
    this.patchLength(at, reserved, this.pos - at - reserved);
  }

  private patchLength(at: number, reserved: number, length: number): void {
    const size = varintSize(length);
    if (size !== reserved) {
      if (size > reserved) this.ensure(size - reserved);
      this.buf.copyWithin(at + size, at + reserved, at + reserved + length);
    }
    const { buf } = this;
    let n = length;
    let i = at;
    while (n >= 0x80) {
      buf[i++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[i] = n;
    this.pos = at + size + length;
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}
