/** Nesting deeper than this is written as `"[…]"`: a value that deep is not something a person reads in a span. */
const MAX_DEPTH = 32;

/** Thrown inside the walk once `max` characters are written; caught by `boundedJson`. */
class Full extends Error {}

function className(value: object): string {
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null;
  const name = proto?.constructor?.name;
  return typeof name === 'string' && name ? name : 'Object';
}

/**
 * JSON text of any value, safe to take from application code: it never throws, never reads a getter (only own
 * enumerable data properties, so recording a value cannot change it or run its code, but for a `toJSON` its class
 * defines, as `JSON.stringify` calls it), writes cycles as `"[Circular]"`, bigints as strings, functions and symbols
 * as `JSON.stringify` leaves them out, binary data and objects with nothing readable as `"[ClassName]"`, and stops
 * once `max` characters are written (returning `truncated: true`), so a huge value costs at most that much work.
 *
 * @example
 * const a: any = { name: 'x' }; a.self = a;
 * boundedJson(a, 100); // { json: '{"name":"x","self":"[Circular]"}', truncated: false }
 */
export function boundedJson(value: unknown, max: number): { json: string | undefined; truncated: boolean } {
  let out = '';
  const seen = new Set<object>();
  const write = (s: string) => {
    out += s;
    if (max >= 0 && out.length > max) throw new Full();
  };

  function walk(v: unknown, depth: number): boolean {
    switch (typeof v) {
      case 'string':
        write(JSON.stringify(v));
        return true;
      case 'number':
        write(Number.isFinite(v) ? String(v) : 'null');
        return true;
      case 'boolean':
        write(String(v));
        return true;
      case 'bigint':
        write(JSON.stringify(String(v)));
        return true;
      case 'undefined':
      case 'function':
      case 'symbol':
        return false;
    }
    if (v === null) {
      write('null');
      return true;
    }
    const obj = v as object;
    if (seen.has(obj)) {
      write('"[Circular]"');
      return true;
    }
    if (depth >= MAX_DEPTH) {
      write('"[…]"');
      return true;
    }
    if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) {
      write(JSON.stringify(`[${className(obj)}(${(obj as ArrayBuffer).byteLength} bytes)]`));
      return true;
    }
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      let replaced: unknown;
      try {
        replaced = toJSON.call(obj);
      } catch {
        write(JSON.stringify(`[${className(obj)}]`));
        return true;
      }
      if (replaced !== obj) {
        seen.add(obj);
        const wrote = walk(replaced, depth + 1);
        seen.delete(obj);
        return wrote;
      }
    }
    seen.add(obj);
    if (Array.isArray(obj)) {
      write('[');
      for (let i = 0; i < obj.length; i++) {
        if (i) write(',');
        if (!walk(readOwn(obj, String(i)), depth + 1)) write('null');
      }
      write(']');
    } else {
      const keys = Object.keys(obj);
      const proto = Object.getPrototypeOf(obj);
      if (!keys.length && proto !== Object.prototype && proto !== null) {
        // A class instance with nothing readable (a Promise, a Response, a stream): say what it was.
        write(JSON.stringify(`[${className(obj)}]`));
      } else {
        write('{');
        let first = true;
        for (const key of keys) {
          const mark = out.length;
          write(`${first ? '' : ','}${JSON.stringify(key)}:`);
          if (walk(readOwn(obj, key), depth + 1)) first = false;
          else out = out.slice(0, mark);
        }
        write('}');
      }
    }
    seen.delete(obj);
    return true;
  }

  try {
    const wrote = walk(value, 0);
    return { json: wrote ? out : undefined, truncated: false };
  } catch (error) {
    if (error instanceof Full) return { json: out.slice(0, max), truncated: true };
    return { json: undefined, truncated: false };
  }
}

/** An own data property's value; an accessor (or a Proxy trap that throws) reads as undefined. */
function readOwn(obj: object, key: string): unknown {
  try {
    const d = Object.getOwnPropertyDescriptor(obj, key);
    return d && 'value' in d ? d.value : undefined;
  } catch {
    return undefined;
  }
}
