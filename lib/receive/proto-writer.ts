// A small protobuf wire writer for the direct OTLP/JSON -> protobuf conversion. protobufjs' Writer builds a list of
// operations per field and needs message objects shaped for it; this one writes straight into one growing buffer,
// strings through the platform's native `TextEncoder.encodeInto`, and patches each nested message's length in place.
// Web APIs only (the relay runs it on edge runtimes).

const encoder = new TextEncoder();

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

  constructor(size = 64 * 1024) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
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
    // The UTF-8 length is at most 3 bytes per UTF-16 unit: reserve that varint size, write, and move the bytes down
    // in the rare case the real length needs a shorter varint.
    const max = s.length * 3;
    const reserved = varintSize(max);
    this.ensure(reserved + max);
    const { written } = encoder.encodeInto(s, this.buf.subarray(this.pos + reserved));
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

  /** Starts a nested message in `field`; returns the mark `end` needs. */
  begin(field: number): number {
    this.tag(field, WIRE.len);
    this.ensure(5);
    const mark = this.pos;
    this.pos += 5;
    return mark;
  }

  /** Ends the nested message begun at `mark`: writes its length and closes the gap left for it. */
  end(mark: number): void {
    this.patchLength(mark, 5, this.pos - mark - 5);
  }

  private patchLength(at: number, reserved: number, length: number): void {
    const size = varintSize(length);
    if (size !== reserved) this.buf.copyWithin(at + size, at + reserved, at + reserved + length);
    let n = length;
    let i = at;
    while (n >= 0x80) {
      this.buf[i++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[i] = n;
    this.pos = at + size + length;
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

function hexDigit(c: number): number {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}
