const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as `300s`, `5m`, `1.5h`, `250ms` or a plain number of seconds (the Collector's
 * `max_elapsed_time: 300s` style) into milliseconds; null when malformed or negative.
 * @example parseDuration('5m') // 300000
 */
export function parseDuration(text: string): number | null {
  const m = text.trim().toLowerCase().match(/^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/);
  if (!m) return null;
  const ms = Math.round(Number(m[1]) * UNITS[m[2] ?? 's']);
  return Number.isFinite(ms) ? ms : null;
}
