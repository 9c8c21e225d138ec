import { base64ToBytes, bytesToHex } from './hex-bytes.js';
import { OtlpDecodeError, type OtlpAnyValue, type OtlpKeyValue } from './otlp-types.js';

// The proto3 JSON value readers every OTLP signal's JSON reader shares.

/** A JSON object. */
export type Obj = Record<string, unknown>;

/**
 * A problem inside one item (a span, a log record): the item is left out and counted. Value readers (ids, int64,
 * enums, AnyValue) only ever occur inside items or attributes, so they throw this; resource and scope attributes
 * rethrow it as a request error.
 */
export class ItemRejected extends Error {}

/** Whether a value is a JSON object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field by its lowerCamelCase or original snake_case name (proto3 JSON parsers must accept both). */
export function field(o: Obj, camel: string, snake?: string): unknown {
  const v = o[camel];
  if (v !== undefined) return v;
  return snake ? o[snake] : undefined;
}

/** A repeated field: [] when absent, `Err` when not an array. */
export function list(o: Obj, camel: string, snake: string | undefined, where: string, Err: new (m: string) => Error): unknown[] {
  const v = field(o, camel, snake);
  if (v == null) return [];
  if (!Array.isArray(v)) throw new Err(`${where}.${camel} must be an array`);
  return v;
}

/** A string field: '' when absent. */
export function str(v: unknown, where: string, Err: new (m: string) => Error): string {
  if (v == null) return '';
  if (typeof v !== 'string') throw new Err(`${where} must be a string`);
  return v;
}

/** int64/fixed64: a JSON number or a decimal string, as a decimal string. */
export function int64(v: unknown, where: string): string {
  if (v == null || v === '') return '0';
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v)).toString();
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v).toString();
  throw new ItemRejected(`${where} must be an integer`);
}

/** uint32 / fixed32: undefined when absent or not a number. */
export function uint(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

/** An enum given as its number or its name. */
export function enumValue(v: unknown, names: Record<string, number>, where: string): number {
  if (v == null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string') {
    if (v in names) return names[v];
    if (/^\d+$/.test(v)) return Number(v);
  }
  throw new ItemRejected(`${where} is not a valid enum value`);
}

/**
 * OTLP JSON ids are hex; some senders wrongly use the generic proto3 base64 mapping, which is accepted too. A value
 * that is neither is returned as is, so that validation rejects the item with a reason.
 */
export function id(v: unknown, bytes: number, where: string): string {
  if (v == null || v === '') return '';
  if (typeof v !== 'string') throw new ItemRejected(`${where} must be a hex string`);
  if (v.length === bytes * 2 && /^[0-9a-fA-F]+$/.test(v)) return v.toLowerCase();
  const decoded = base64ToBytes(v);
  if (decoded && decoded.length === bytes) return bytesToHex(decoded);
  return v;
}

// Deeper nesting is refused: it only serves to exhaust the stack of whoever reads the value next.
const MAX_DEPTH = 32;

/** An AnyValue object. */
export function anyValue(v: unknown, where: string, depth = 0): OtlpAnyValue {
  if (v == null) return {};
  if (depth > MAX_DEPTH) throw new ItemRejected(`${where}: attribute values nested deeper than ${MAX_DEPTH} levels`);
  if (!isObj(v)) throw new ItemRejected(`${where} must be an AnyValue object`);
  const s = field(v, 'stringValue', 'string_value');
  if (s !== undefined) return { stringValue: str(s, where, ItemRejected) };
  const b = field(v, 'boolValue', 'bool_value');
  if (b !== undefined) {
    if (typeof b !== 'boolean') throw new ItemRejected(`${where}.boolValue must be a boolean`);
    return { boolValue: b };
  }
  const i = field(v, 'intValue', 'int_value');
  if (i !== undefined) return { intValue: int64(i, `${where}.intValue`) };
  const d = field(v, 'doubleValue', 'double_value');
  if (d !== undefined) {
    // proto3 JSON writes NaN and infinities as strings.
    const n = typeof d === 'string' ? Number(d) : d;
    if (typeof n !== 'number') throw new ItemRejected(`${where}.doubleValue must be a number`);
    return { doubleValue: n };
  }
  const a = field(v, 'arrayValue', 'array_value');
  if (a !== undefined) {
    if (!isObj(a)) throw new ItemRejected(`${where}.arrayValue must be an object`);
    return { arrayValue: { values: list(a, 'values', undefined, where, ItemRejected).map((x) => anyValue(x, where, depth + 1)) } };
  }
  const kv = field(v, 'kvlistValue', 'kvlist_value');
  if (kv !== undefined) {
    if (!isObj(kv)) throw new ItemRejected(`${where}.kvlistValue must be an object`);
    return { kvlistValue: { values: keyValues(list(kv, 'values', undefined, where, ItemRejected), where, depth + 1) } };
  }
  const by = field(v, 'bytesValue', 'bytes_value');
  if (by !== undefined) return { bytesValue: str(by, `${where}.bytesValue`, ItemRejected) };
  return {};
}

/** A list of KeyValue objects. */
export function keyValues(items: unknown[], where: string, depth = 0): OtlpKeyValue[] {
  return items.map((kv) => {
    if (!isObj(kv) || typeof kv.key !== 'string') throw new ItemRejected(`${where}: attribute must have a string key`);
    return { key: kv.key, value: anyValue(kv.value, depth ? where : `${where}[${kv.key}]`, depth) };
  });
}

function attributesOrThrow(items: unknown[], where: string): OtlpKeyValue[] {
  try {
    return keyValues(items, where);
  } catch (error) {
    throw new OtlpDecodeError((error as Error).message);
  }
}

/** A `resource` field (a request-level structure: problems throw `OtlpDecodeError`). */
export function readResource(container: Obj): { attributes: OtlpKeyValue[] } {
  const resource = field(container, 'resource');
  if (resource != null && !isObj(resource)) throw new OtlpDecodeError('resource must be an object');
  return { attributes: resource ? attributesOrThrow(list(resource, 'attributes', undefined, 'resource', OtlpDecodeError), 'resource') : [] };
}

/** A `scope` field (request level). */
export function readScope(container: Obj): { name: string; version?: string; attributes?: OtlpKeyValue[] } {
  const scope = field(container, 'scope');
  if (scope != null && !isObj(scope)) throw new OtlpDecodeError('scope must be an object');
  if (!scope) return { name: '' };
  return {
    name: str(scope.name, 'scope.name', OtlpDecodeError),
    version: str(scope.version, 'scope.version', OtlpDecodeError) || undefined,
    attributes: attributesOrThrow(list(scope, 'attributes', undefined, 'scope', OtlpDecodeError), 'scope'),
  };
}

/** A `schemaUrl` field (request level). */
export function readSchemaUrl(container: Obj): string | undefined {
  return str(field(container, 'schemaUrl', 'schema_url'), 'schemaUrl', OtlpDecodeError) || undefined;
}

/**
 * Reads the items of one scope, leaving out (and counting, with up to 5 reasons) those `read` rejects.
 * @example const spans = readItems(list(ss, 'spans', ...), readSpan, tally);
 */
export function readItems<T>(items: unknown[], read: (item: unknown) => T, tally: { rejected: number; errors: string[] }): T[] {
  const out: T[] = [];
  for (const item of items) {
    try {
      out.push(read(item));
    } catch (error) {
      if (!(error instanceof ItemRejected)) throw error;
      tally.rejected++;
      if (tally.errors.length < 5) tally.errors.push(error.message);
    }
  }
  return out;
}
