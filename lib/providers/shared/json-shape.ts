/** Reading untrusted JSON without throwing: every helper returns a safe default for the wrong shape. */

/**
 * The value as a plain object, or an empty one.
 *
 * @example
 * asRecord(null).model; // undefined, no throw
 */
export function asRecord(value: unknown): Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, any>) : {};
}

/**
 * The value as an array, or an empty one.
 *
 * @example
 * asArray('x'); // []
 */
export function asArray(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The value if it is a string.
 *
 * @example
 * asString(42); // undefined
 */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * The value if it is a finite number.
 *
 * @example
 * asNumber(NaN); // undefined
 */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * A string or a list of strings as a list (`stop: "x"` and `stop: ["x"]` are both legal on most wires).
 *
 * @example
 * asStringList('END'); // ['END']
 */
export function asStringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const list = value.filter((v): v is string => typeof v === 'string');
    return list.length ? list : undefined;
  }
  return undefined;
}

/**
 * Parses JSON without throwing; undefined when it is not JSON.
 *
 * @example
 * parseJson('[DONE]'); // undefined
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Tool-call arguments as the GenAI conventions want them (an object), falling back to the raw string when the model
 * produced invalid or partial JSON (a stream cut short), so nothing is lost.
 *
 * @example
 * parseToolArguments('{"location":"Paris"}'); // { location: 'Paris' }; parseToolArguments('{"lo'); // '{"lo'
 */
export function parseToolArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  const parsed = parseJson(value);
  return parsed === undefined ? value : parsed;
}
