/** Latency percentiles of a set of durations. */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * Nearest-rank percentiles (each is a value that occurred); null for no values.
 * @example percentiles([120, 80, 300]) // { count: 3, p50: 120, p95: 300, p99: 300, max: 300 }
 */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { count: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted[sorted.length - 1]) };
}
