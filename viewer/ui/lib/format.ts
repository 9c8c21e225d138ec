/**
 * Formats a duration in milliseconds for humans: µs below 1 ms, ms below 1 s, then s and min.
 *
 * @example
 * formatDuration(0.42);  // '420µs'
 * formatDuration(1534);  // '1.53s'
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs === 0) return '0ms';
  if (abs < 1) return `${Math.round(ms * 1000)}µs`;
  if (abs < 10) return `${trim(ms.toFixed(2))}ms`;
  if (abs < 1000) return `${trim(ms.toFixed(abs < 100 ? 1 : 0))}ms`;
  if (abs < 60_000) return `${trim((ms / 1000).toFixed(2))}s`;
  const min = Math.floor(abs / 60_000);
  const sec = Math.round((abs % 60_000) / 1000);
  return `${ms < 0 ? '-' : ''}${min}m ${sec}s`;
}

/**
 * Formats a token count compactly (`1234` -> `1.2k`); `null` (not reported) shows as a dash.
 *
 * @example
 * formatTokens(15320); // '15.3k'
 */
export function formatTokens(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '–';
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${trim((n / 1000).toFixed(1))}k`;
  return `${trim((n / 1_000_000).toFixed(2))}M`;
}

/**
 * Formats an estimated cost in US dollars with enough digits to be useful for tiny per-call amounts.
 *
 * @example
 * formatCost(0.000123); // '$0.000123'
 * formatCost(1.5);      // '$1.50'
 */
export function formatCost(usd: number | null | undefined): string {
  if (usd == null || !Number.isFinite(usd)) return '–';
  if (usd === 0) return '$0';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  return `$${trim(usd.toPrecision(3))}`;
}

/**
 * Formats an epoch time in milliseconds as a local wall-clock time with milliseconds (`14:03:07.123`).
 *
 * @example
 * formatClock(Date.UTC(2024, 0, 1, 12, 0, 0, 5)); // '12:00:00.005' in UTC
 */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/**
 * Formats a byte count with binary units (`1536` -> `1.5 KiB`).
 *
 * @example
 * formatBytes(256 * 1024 * 1024); // '256 MiB'
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null || !Number.isFinite(bytes)) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit ? trim(value.toFixed(1)) : value} ${units[unit]}`;
}

/**
 * Renders any attribute value as display text: strings as they are, everything else as compact JSON.
 *
 * @example
 * formatValue(['a', 1]); // '["a",1]'
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A local date and time with milliseconds, for tooltips and details (`2026-11-22 14:03:07.123`).
 *
 * @example
 * formatDateTime(Date.now()); // '2026-11-22 14:03:07.123'
 */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  if (!Number.isFinite(d.getTime())) return '–';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${formatClock(epochMs)}`;
}

/**
 * A compact "when" for lists: the time alone today, the day and time this year, the full date otherwise.
 *
 * @example
 * formatWhen(Date.now());                      // '14:03:07'
 * formatWhen(Date.now() - 86_400_000 * 3);     // 'Nov 19 14:03'
 */
export function formatWhen(epochMs: number, nowMs: number = Date.now()): string {
  const d = new Date(epochMs);
  if (!Number.isFinite(d.getTime())) return '–';
  const now = new Date(nowMs);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === now.toDateString()) return `${time}:${pad(d.getSeconds())}`;
  if (d.getFullYear() === now.getFullYear()) return `${MONTHS[d.getMonth()]} ${d.getDate()} ${time}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}

/**
 * A `...UnixNano` time as a readable local date and time, to the microsecond when it has one
 * (`2026-11-22 14:03:07.123456`).
 *
 * @example
 * formatNanoTime('1700000000123456789'); // '2023-11-14 22:13:20.123456' (in UTC)
 */
export function formatNanoTime(nano: string): string {
  if (!/^\d+$/.test(nano) || nano === '0') return '–';
  const ms = Number(nano.slice(0, -6) || '0');
  const micros = nano.length > 6 ? nano.slice(-6, -3) : '000';
  const base = formatDateTime(ms);
  return micros === '000' ? base : `${base}${micros}`;
}
