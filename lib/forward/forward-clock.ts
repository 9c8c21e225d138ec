/** Time as the forwarder sees it: injectable, so a five-minute outage can be tested without waiting five minutes. */
export interface ForwardClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. Must not keep a Node process alive. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The wall clock, with timers that never hold a Node process open (`unref`; browsers and edge runtimes have none).
 * @example await realClock.sleep(500);
 */
export const realClock: ForwardClock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      (timer as { unref?: () => void }).unref?.();
      signal?.addEventListener('abort', done, { once: true });
    });
  },
};
