import type { AttributeValue } from './api-types.js';

/**
 * A scalar attribute as text (numbers and booleans too, as senders differ); null for anything else.
 * @example str(42) // '42'
 */
export function str(v: AttributeValue | undefined): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * A finite number, also from its decimal text (int64 attributes past 2^53 arrive as strings); null otherwise.
 * @example num('12') // 12
 */
export function num(v: AttributeValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/**
 * The first of `keys` that holds a number.
 * @example firstNum(a, ['gen_ai.usage.input_tokens', 'llm.token_count.prompt'])
 */
export function firstNum(a: Record<string, AttributeValue>, keys: readonly string[]): number | null {
  for (const key of keys) {
    const n = num(a[key]);
    if (n !== null) return n;
  }
  return null;
}

/**
 * The first of `keys` that holds a non-empty scalar, as text.
 * @example firstStr(a, ['gen_ai.request.model', 'llm.model_name'])
 */
export function firstStr(a: Record<string, AttributeValue>, keys: readonly string[]): string | null {
  for (const key of keys) {
    const s = str(a[key]);
    if (s) return s;
  }
  return null;
}

/**
 * JSON text becomes its value; anything else is returned as is.
 * @example json('{"a":1}') // { a: 1 }
 */
export function json(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t || !'[{"'.includes(t[0])) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

/**
 * A plain object (not an array, not null).
 * @example isObj({}) // true
 */
export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A list attribute, or JSON text of one, or one string.
 * @example stringList('["stop"]') // ['stop']
 */
export function stringList(v: AttributeValue | undefined): string[] | null {
  let parsed: unknown = v;
  if (typeof v === 'string' && v.trimStart().startsWith('[')) {
    try {
      parsed = JSON.parse(v);
    } catch {
      parsed = v;
    }
  }
  if (Array.isArray(parsed)) return parsed.map(String);
  if (typeof parsed === 'string' && parsed) return [parsed];
  return null;
}
