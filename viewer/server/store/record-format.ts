import { crc32 } from 'node:zlib';

/**
 * The span store's record: the one unit the store keeps in memory and `--persist` appends to disk, byte for byte.
 *
 * ```
 * header (24 bytes, little-endian)            payload
 * 0  magic "TLR" + format version (1)         Span / Log:  u32 resource id, 8-byte span id, 8-byte parent span id
 * 4  u8 type (1 span, 2 log, 3 resource)                   (zeros: none), then the OTLP `Span` / `LogRecord`
 * 5  u8 flags (0), u16 reserved (0)                         message exactly as the sender encoded it
 * 8  u32 payload length                       Resource:    u32 resource id, u32 length + OTLP `Resource`,
 * 12 u32 CRC-32 of bytes 4-11, 16-23, payload                u32 length + OTLP `InstrumentationScope`
 * 16 u64 sequence number (grows across restarts)
 * ```
 *
 * Keeping the sender's protobuf bytes means ingest copies a span instead of converting it, nothing a sender sent is
 * lost (unknown fields included), and a span is decoded only when someone reads it. The ids sit at fixed offsets so
 * the store's id index and parent walks never decode a record. The checksum lets a reader of a damaged file skip
 * just the damaged records; it is filled only when the record is persisted (0 otherwise: memory is not corrupted).
 */
export const RECORD_MAGIC = 0x01524c54; // "TLR\x01" read as a little-endian u32
export const RECORD_HEADER_BYTES = 24;
/** Bytes of a span or log payload before its OTLP message: resource id, span id, parent span id. */
export const SPAN_PREFIX_BYTES = 20;
/** A record larger than this is refused (and a header claiming more is damage). */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** Record types. */
export const RecordType = { span: 1, log: 2, resource: 3 } as const;
export type RecordTypeId = (typeof RecordType)[keyof typeof RecordType];

/**
 * Writes a record header at `at` (checksum left 0; see {@link sealRecord}).
 * @example writeRecordHeader(buf, 0, RecordType.span, payloadLength, seq);
 */
export function writeRecordHeader(buf: Buffer, at: number, type: RecordTypeId, payloadLength: number, seq: number): void {
  buf.writeUInt32LE(RECORD_MAGIC, at);
  buf[at + 4] = type;
  buf[at + 5] = 0;
  buf.writeUInt16LE(0, at + 6);
  buf.writeUInt32LE(payloadLength, at + 8);
  buf.writeUInt32LE(0, at + 12);
  buf.writeUInt32LE(seq % 0x100000000, at + 16);
  buf.writeUInt32LE(Math.floor(seq / 0x100000000), at + 20);
}

function checksum(buf: Uint8Array, at: number, payloadLength: number): number {
  let c = crc32(buf.subarray(at + 4, at + 12));
  c = crc32(buf.subarray(at + 16, at + 24), c);
  return crc32(buf.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + payloadLength), c);
}

/**
 * Fills in the checksum of the complete record at `at`.
 * @example sealRecord(buf, start);
 */
export function sealRecord(buf: Buffer, at: number): void {
  buf.writeUInt32LE(checksum(buf, at, buf.readUInt32LE(at + 8)), at + 12);
}

/** A record header as read back. */
export interface RecordHeader {
  type: number;
  payloadLength: number;
  seq: number;
  crc: number;
}

/**
 * Reads the header at `at`, or null when the bytes there are not a plausible header (wrong magic, unknown type,
 * absurd length).
 * @example const h = readRecordHeader(buf, 0);
 */
export function readRecordHeader(buf: Buffer, at: number): RecordHeader | null {
  if (at + RECORD_HEADER_BYTES > buf.length || buf.readUInt32LE(at) !== RECORD_MAGIC) return null;
  const type = buf[at + 4];
  const payloadLength = buf.readUInt32LE(at + 8);
  if (type < RecordType.span || type > RecordType.resource || payloadLength > MAX_RECORD_BYTES) return null;
  const seq = buf.readUInt32LE(at + 16) + buf.readUInt32LE(at + 20) * 0x100000000;
  return { type, payloadLength, seq, crc: buf.readUInt32LE(at + 12) };
}

/**
 * Whether the complete record at `at` matches its checksum.
 * @example if (!recordIsIntact(buf, at)) skip();
 */
export function recordIsIntact(buf: Buffer, at: number): boolean {
  return buf.readUInt32LE(at + 12) === checksum(buf, at, buf.readUInt32LE(at + 8));
}

/**
 * Encodes a resource record's payload: the interned resource and scope a span record's resource id points at.
 * @example const payload = encodeResourcePayload(id, resourceBytes, scopeBytes);
 */
export function encodeResourcePayload(id: number, resource: Uint8Array, scope: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(12 + resource.length + scope.length);
  out.writeUInt32LE(id, 0);
  out.writeUInt32LE(resource.length, 4);
  out.set(resource, 8);
  out.writeUInt32LE(scope.length, 8 + resource.length);
  out.set(scope, 12 + resource.length);
  return out;
}

/**
 * Reads a resource record's payload; null when its lengths do not add up.
 * @example const r = decodeResourcePayload(payload);
 */
export function decodeResourcePayload(payload: Buffer): { id: number; resource: Buffer; scope: Buffer } | null {
  if (payload.length < 12) return null;
  const resourceLength = payload.readUInt32LE(4);
  if (8 + resourceLength + 4 > payload.length) return null;
  const scopeLength = payload.readUInt32LE(8 + resourceLength);
  if (12 + resourceLength + scopeLength !== payload.length) return null;
  return {
    id: payload.readUInt32LE(0),
    resource: payload.subarray(8, 8 + resourceLength),
    scope: payload.subarray(12 + resourceLength),
  };
}
