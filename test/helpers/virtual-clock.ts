// A clock the test moves by hand, so a forwarder can live through a five-minute outage in a second of real time.
// Only the forwarder's waits (backoff, batch delay) run on it; its HTTP requests to real upstreams stay real.
import type { ForwardClock } from '../../lib/forward/forward-clock.js';

export interface VirtualClock extends ForwardClock {
  /** Timers waiting to fire. */
  pending(): number;
  /**
   * Waits (in real time) until some sleeper is parked, jumps to the earliest one's deadline and wakes it. Returns
   * false when nothing parks within `idleMs` of real time (the forwarder has nothing left to wait for), or when
   * `done()` holds once everything is parked (checked before time moves on).
   */
  next(idleMs?: number, done?: () => boolean): Promise<boolean>;
  /** Calls `next()` until `done()` holds (checked between steps). */
  runUntil(done: () => boolean, maxSteps?: number): Promise<void>;
}

interface Timer {
  at: number;
  resolve: () => void;
}

export function createVirtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let now = start;
  const timers: Timer[] = [];

  const clock: VirtualClock = {
    now: () => now,
    sleep(ms, signal) {
      return new Promise<void>((resolve) => {
        if (signal?.aborted) return resolve();
        const onAbort = () => {
          const i = timers.indexOf(timer);
          if (i >= 0) timers.splice(i, 1);
          resolve();
        };
        const timer: Timer = {
          at: now + Math.max(0, ms),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        timers.push(timer);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    pending: () => timers.length,
    async next(idleMs = 2_000, done?: () => boolean) {
      const deadline = Date.now() + idleMs;
      while (!timers.length) {
        if (done?.() || Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 2));
      }
      // Everything that runs on the clock is parked now: the moment to look before time moves on.
      if (done?.()) return false;
      timers.sort((a, b) => a.at - b.at);
      const timer = timers.shift()!;
      now = Math.max(now, timer.at);
      timer.resolve();
      // Let the woken code run up to its next real I/O before the caller looks.
      await new Promise((r) => setImmediate(r));
      return true;
    },
    async runUntil(done, maxSteps = 10_000) {
      for (let i = 0; i < maxSteps; i++) {
        if (!(await clock.next(2_000, done))) {
          if (done()) return;
          throw new Error(`virtual clock: nothing waits any more and the condition does not hold (at +${now - start} ms)`);
        }
      }
      throw new Error(`virtual clock: condition not reached in ${maxSteps} steps`);
    },
  };
  return clock;
}
