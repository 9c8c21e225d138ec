import protobuf from 'protobufjs';

/* eslint-disable @typescript-eslint/no-explicit-any -- protobufjs reflection messages are untyped */

// protobufjs' `Type.encode` / `decode` compile a function per message type with `new Function`, which edge runtimes
// (Cloudflare Workers, Vercel Edge) forbid. These walk the same reflected schema with protobufjs' own Reader and
// Writer (which need no code generation) and produce the same plain shape the compiled code does: repeated fields
// are arrays, unset scalars their proto3 default, unset messages null, 64-bit integers Long objects, and a oneof's
// name holds the name of the field that is set (`anyValue.value === 'stringValue'`).

const BASIC = protobuf.types.basic as Record<string, number | undefined>;
const LONG = protobuf.types.long as Record<string, number | undefined>;
const PACKED = protobuf.types.packed as Record<string, number | undefined>;
const DEFAULTS = protobuf.types.defaults as Record<string, unknown>;

function fieldsOf(type: protobuf.Type): protobuf.Field[] {
  return type.fieldsArray.map((f) => f.resolve());
}

function readScalar(reader: protobuf.Reader, type: string): unknown {
  switch (type) {
    case 'string':
      return reader.string();
    case 'bytes':
      return reader.bytes();
    default:
      return (reader as any)[type]();
  }
}

function decodeInto(type: protobuf.Type, reader: protobuf.Reader, end: number, depth: number): Record<string, unknown> {
  if (depth > protobuf.Reader.recursionLimit) throw Error('max depth exceeded');
  const message: Record<string, unknown> = {};
  for (const field of fieldsOf(type)) {
    if (field.partOf) continue; // a oneof member is there only when set, as in the compiled codec
    if (field.repeated) message[field.name] = [];
    else if (field.resolvedType instanceof protobuf.Type) message[field.name] = null;
    else if (LONG[field.type] !== undefined) message[field.name] = 0;
    else message[field.name] = field.type === 'bytes' ? new Uint8Array(0) : (DEFAULTS[field.type] ?? 0);
  }
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    const field = type.fieldsById[tag >>> 3];
    const scalarType = field && (field.resolvedType instanceof protobuf.Enum ? 'int32' : field.type);
    const isMessage = field && field.resolvedType instanceof protobuf.Type;
    const expected = !field ? -1 : isMessage ? 2 : (BASIC[scalarType] ?? -1);
    if (field && field.repeated && !isMessage && wire === 2 && PACKED[scalarType] !== undefined) {
      const packedEnd = reader.uint32() + reader.pos;
      const list = message[field.name] as unknown[];
      while (reader.pos < packedEnd) list.push(readScalar(reader, scalarType));
      continue;
    }
    if (!field || wire !== expected) {
      reader.skipType(wire, depth, tag >>> 3);
      continue;
    }
    let value: unknown;
    if (isMessage) {
      const length = reader.uint32();
      const subEnd = reader.pos + length;
      if (subEnd > reader.len) throw RangeError('index out of range');
      value = decodeInto(field.resolvedType as protobuf.Type, reader, subEnd, depth + 1);
    } else value = readScalar(reader, scalarType);
    if (field.repeated) (message[field.name] as unknown[]).push(value);
    else message[field.name] = value;
    if (field.partOf) message[field.partOf.name] = field.name;
  }
  if (reader.pos !== end) throw RangeError('index out of range');
  return message;
}

/**
 * Decodes protobuf bytes into a plain message of `type` without code generation (see the note above).
 * Throws like protobufjs does on truncated or malformed data.
 * @example const message = interpretDecode(types.request, bytes);
 */
export function interpretDecode(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  const reader = protobuf.Reader.create(bytes);
  return decodeInto(type, reader, reader.len, 0);
}

function writeScalar(writer: protobuf.Writer, type: string, value: unknown): void {
  (writer as any)[type](value);
}

function encodeInto(type: protobuf.Type, message: Record<string, unknown>, writer: protobuf.Writer, depth: number): void {
  if (depth > protobuf.Reader.recursionLimit) throw Error('max depth exceeded');
  const fields = fieldsOf(type).sort((a, b) => a.id - b.id);
  for (const field of fields) {
    const value = message[field.name];
    if (value == null) continue;
    // A oneof member is written only when it is the one set (or when the oneof name is not used at all).
    if (field.partOf) {
      const chosen = message[field.partOf.name];
      if (typeof chosen === 'string' && chosen !== field.name) continue;
    }
    const isMessage = field.resolvedType instanceof protobuf.Type;
    const scalarType = field.resolvedType instanceof protobuf.Enum ? 'int32' : field.type;
    const items = field.repeated ? (value as unknown[]) : [value];
    for (const item of items) {
      if (item == null) continue;
      if (isMessage) {
        writer.uint32(((field.id << 3) | 2) >>> 0).fork();
        encodeInto(field.resolvedType as protobuf.Type, item as Record<string, unknown>, writer, depth + 1);
        writer.ldelim();
      } else {
        writer.uint32(((field.id << 3) | (BASIC[scalarType] ?? 2)) >>> 0);
        writeScalar(writer, scalarType, item);
      }
    }
  }
}

/**
 * Encodes a plain message of `type` as protobuf bytes without code generation (see the note above).
 * @example const bytes = interpretEncode(types.rpcStatus, { code: 3, message: 'bad' });
 */
export function interpretEncode(type: protobuf.Type, message: Record<string, unknown>): Uint8Array {
  const writer = protobuf.Writer.create();
  encodeInto(type, message, writer, 0);
  return writer.finish();
}
