const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/**
 * A time bound of a trace query as Unix nanoseconds: a duration back from `now` (`30s`, `10m`, `2h`, `1d`, `1w`),
 * Unix milliseconds, or an ISO date. Undefined for an empty value; null when it cannot be read (the API answers 400).
 * @example parseTimeBound('10m', Date.now()) // ten minutes ago, in ns
 */
export function parseTimeBound(value: string | null | undefined, now: number): number | null | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const relative = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(v);
  if (relative) return (now - Number(relative[1]) * UNITS[relative[2].toLowerCase()]) * 1e6;
  if (/^\d+$/.test(v)) return Number(v) * 1e6;
  const date = Date.parse(v);
  return Number.isNaN(date) ? null : date * 1e6;
}
