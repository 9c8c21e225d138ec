/**
 * A byte-level prefilter for full-text search: a trace whose stored OTLP bytes do not contain a piece of the search
 * text cannot match, so it is skipped without being decoded (decoding and normalizing is what search spends its
 * time on).
 *
 * The piece must appear literally in the bytes whenever the text appears in a field: it is the longest run of
 * characters that no JSON encoder escapes and that JSON re-serialization cannot produce from other bytes (ASCII
 * letters, digits, space and a little punctuation; no quote, backslash, slash, <, >, &, or JSON structure), with at
 * least one letter and not a piece of `true`/`false`/`null` (a boolean or null attribute reads as those words
 * without their bytes). Case is folded for ASCII only, as the bytes are never decoded.
 */

const SAFE = /[A-Za-z0-9 ._\-@#$%()!?;=+*~^|`]+/g;

/**
 * The lowercased bytes to look for before decoding a trace, or null when the text has no usable piece (then every
 * trace is decoded).
 * @example prefilterNeedle('Error: rate limit') // bytes of ' rate limit'
 */
export function prefilterNeedle(text: string): Uint8Array | null {
  let best = '';
  for (const run of text.match(SAFE) ?? []) if (run.length > best.length) best = run;
  const lower = best.trim().toLowerCase();
  if (lower.length < 3 || !/[a-z]/.test(lower)) return null;
  if ('true'.includes(lower) || 'false'.includes(lower) || 'null'.includes(lower) || /^[\d.e+-]+$/.test(lower)) return null;
  return Buffer.from(lower, 'latin1');
}

const FOLD = new Uint8Array(256).map((_, b) => (b >= 65 && b <= 90 ? b + 32 : b));

/**
 * Whether `bytes` contain `needle` (lowercase ASCII) with ASCII case folded.
 * @example includesFolded(Buffer.from('Plan a weekend in LISBON'), prefilterNeedle('lisbon')!) // true
 */
export function includesFolded(bytes: Uint8Array, needle: Uint8Array): boolean {
  const m = needle.length;
  const last = bytes.length - m;
  const first = needle[0];
  const upper = first >= 97 && first <= 122 ? first - 32 : first;
  // Native search for the first byte in either case, then a folded comparison of the rest.
  let lower = bytes.indexOf(first);
  let capital = upper === first ? -1 : bytes.indexOf(upper);
  for (;;) {
    const at = lower < 0 ? capital : capital < 0 ? lower : Math.min(lower, capital);
    if (at < 0 || at > last) return false;
    let j = 1;
    while (j < m && FOLD[bytes[at + j]] === needle[j]) j++;
    if (j === m) return true;
    if (at === lower) lower = bytes.indexOf(first, at + 1);
    else capital = bytes.indexOf(upper, at + 1);
  }
}
