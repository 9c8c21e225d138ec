/**
 * Converts an OTLP `...UnixNano` decimal string to milliseconds since the epoch, as a float.
 * Precision below ~0.25 µs is lost, which is fine for display and sorting.
 *
 * @example
 * nanoToMs('1700000000123456789'); // 1700000000123.4568
 */
export function nanoToMs(nano: string): number {
  const n = Number(nano);
  return Number.isFinite(n) ? n / 1e6 : 0;
}

/**
 * Milliseconds between two `...UnixNano` strings, exact to the nanosecond (BigInt), so sub-millisecond spans far from
 * the epoch keep their width.
 *
 * @example
 * nanoDiffMs('1000000', '3500000'); // 2.5
 */
export function nanoDiffMs(fromNano: string, toNano: string): number {
  // Fast path without BigInt: when the leading digits agree, the last 15 (< 2^53) subtract exactly as numbers.
  const len = fromNano.length;
  if (len === toNano.length && len > 15 && fromNano.startsWith(toNano.slice(0, len - 15))) {
    return (Number(toNano.slice(len - 15)) - Number(fromNano.slice(len - 15))) / 1e6;
  }
  try {
    return Number(BigInt(toNano) - BigInt(fromNano)) / 1e6;
  } catch {
    return nanoToMs(toNano) - nanoToMs(fromNano);
  }
}

/**
 * Compares two `...UnixNano` decimal strings numerically without parsing them (equal-length digit strings compare
 * like numbers). Returns a negative number, zero or a positive number.
 *
 * @example
 * compareNano('999', '1000'); // < 0
 */
export function compareNano(a: string, b: string): number {
  // Fast path (the common case: both are 19-digit times); only strip leading zeros when lengths differ.
  if (a.length === b.length) return a < b ? -1 : a > b ? 1 : 0;
  const la = a.replace(/^0+(?=\d)/, '');
  const lb = b.replace(/^0+(?=\d)/, '');
  if (la.length !== lb.length) return la.length - lb.length;
  return la < lb ? -1 : la > lb ? 1 : 0;
}
