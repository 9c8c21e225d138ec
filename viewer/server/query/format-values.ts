/**
 * How the query layer writes numbers, times and names in its text results: exact where an agent may compute with
 * them (tokens with thousands separators, costs to the micro-dollar), short where only a human reads them.
 */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * A count with thousands separators.
 * @example formatCount(1234567) // '1,234,567'
 */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/**
 * A duration in milliseconds: µs below 1 ms, ms below 1 s, then seconds and minutes.
 * @example formatMs(1534) // '1.53 s'
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '?';
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${Math.round(ms * 1000)} µs`;
  if (abs < 1000) return `${abs < 10 ? +ms.toFixed(1) : Math.round(ms)} ms`;
  if (abs < 60_000) return `${+(ms / 1000).toFixed(2)} s`;
  const min = Math.floor(abs / 60_000);
  return `${min} min ${Math.round((abs % 60_000) / 1000)} s`;
}

/**
 * An estimated cost in US dollars; null (no known price) as a question mark.
 * @example formatUsd(0.000123) // '$0.000123'
 */
export function formatUsd(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '$?';
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  // Three significant digits, written out (no exponent): $0.00000016.
  return `$${usd.toFixed(Math.min(12, 2 - Math.floor(Math.log10(Math.abs(usd)))))}`.replace(/(\.\d*?)0+$/, '$1');
}

/**
 * A time in Unix nanoseconds (decimal text) as UTC ISO 8601 with milliseconds.
 * @example formatTime('1733336718120000000') // '2024-12-04T18:25:18.120Z'
 */
export function formatTime(unixNano: string | number): string {
  const ms = Number(BigInt(typeof unixNano === 'number' ? Math.round(unixNano) : unixNano) / 1_000_000n);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(unixNano);
}

/** Longest name written whole; longer ones are cut with a marker saying how much. */
export const MAX_NAME_CHARS = 160;

/**
 * A name (span, service, model, session) on one line: control characters become spaces, and a name longer than
 * `max` is cut with a marker that says how many characters it left out.
 * @example oneLine('chat\ngpt-4o') // 'chat gpt-4o'
 */
export function oneLine(text: string, max = MAX_NAME_CHARS): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max)}…[+${formatCount(flat.length - max)} chars]`;
}

/**
 * Duration of a span from its start and end (Unix nanoseconds as decimal text), in milliseconds.
 * @example spanMs({ startTimeUnixNano: '0', endTimeUnixNano: '1500000' }) // 1.5
 */
export function spanMs(span: { startTimeUnixNano: string; endTimeUnixNano: string }): number {
  const d = BigInt(span.endTimeUnixNano) - BigInt(span.startTimeUnixNano);
  return d > 0n ? Number(d) / 1e6 : 0;
}
