/**
 * Delay before reconnect attempt number `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`, with
 * "full jitter" on the upper half so that many tabs do not reconnect in lockstep after a server restart.
 *
 * @example
 * reconnectDelay(0);            // 125..250 ms
 * reconnectDelay(10);           // 2500..5000 ms
 * reconnectDelay(3, () => 1);   // 2000 (no randomness: the cap of that attempt)
 */
export function reconnectDelay(attempt: number, random: () => number = Math.random, baseMs = 250, maxMs = 5000): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempt, 20)));
  return Math.round(cap / 2 + (cap / 2) * random());
}
