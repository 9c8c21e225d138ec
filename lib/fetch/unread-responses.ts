/** Why a response that nobody read stopped being watched. */
export type UnreadCause = 'timeout' | 'garbage_collected';

/** What the tracker needs of an observed response's state. */
export interface UnreadEntry {
  /** `Date.now()` when the response arrived. */
  arrivedAt: number;
  /** When the timeout ends it (`arrivedAt` + the timeout). */
  expiresAt: number;
  /** Response objects (the original and its clones) still alive that could be read. */
  carriers: number;
}

/** Default of `unreadResponseTimeoutMs`: a response nobody starts reading within this long ends its span. */
export const UNREAD_TIMEOUT_MS = 60_000;

/**
 * Watches responses until reading starts: one that is garbage-collected unread (where `FinalizationRegistry`
 * exists), or that nobody starts reading before its timeout (checked by one lazy, unref'd interval for all of
 * them, at a quarter of the shortest timeout), is handed to `onUnread` with the cause, whichever comes first.
 * Isomorphic: no Node API; a runtime without FinalizationRegistry relies on the timeout alone.
 * @example
 * const unread = createUnreadTracker<State>((state, cause) => finish(state, cause));
 * unread.watch(state, response);
 */
export function createUnreadTracker<T extends UnreadEntry>(onUnread: (entry: T, cause: UnreadCause) => void) {
  const pending = new Set<T>();
  let sweeper: ReturnType<typeof setInterval> | undefined;
  let sweepEvery = Infinity;
  // Held values are the entries; a collected response whose entry is still pending was never read.
  const registry =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry<T>((entry) => {
          entry.carriers--;
          if (entry.carriers <= 0 && pending.has(entry)) expire(entry, 'garbage_collected');
        })
      : undefined;

  function expire(entry: T, cause: UnreadCause): void {
    pending.delete(entry);
    try {
      onUnread(entry, cause);
    } catch {
      // the tracker must keep working
    }
  }

  function sweep(now = Date.now()): void {
    for (const entry of pending) if (entry.expiresAt <= now) expire(entry, 'timeout');
    if (pending.size === 0 && sweeper) {
      clearInterval(sweeper);
      sweeper = undefined;
      sweepEvery = Infinity;
    }
  }

  return {
    /** Starts watching `entry`, read through `carrier` (the Response). */
    watch(entry: T, carrier: object): void {
      pending.add(entry);
      this.carrier(entry, carrier);
      // Timers take at most 2^31-1 ms; an endless timeout (Infinity) leaves it to garbage collection.
      const every = Math.min(2 ** 31 - 1, Math.max(50, Math.floor((entry.expiresAt - entry.arrivedAt) / 4)));
      if (Number.isFinite(entry.expiresAt) && every < sweepEvery) {
        if (sweeper) clearInterval(sweeper);
        sweepEvery = every;
        sweeper = setInterval(sweep, every);
        (sweeper as { unref?: () => void }).unref?.();
      }
    },
    /** Another Response object (a clone) that may be the one read. */
    carrier(entry: T, carrier: object): void {
      entry.carriers++;
      try {
        registry?.register(carrier, entry);
      } catch {
        // not registrable: the timeout still ends it
      }
    },
    /** Reading started or observation ended: no longer watched. */
    stop(entry: T): void {
      pending.delete(entry);
    },
    sweep,
  };
}
