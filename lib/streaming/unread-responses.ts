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
  /** Set by the tracker once a carrier is registered for garbage-collection notice. */
  registered?: boolean;
}

// How often responses that arrived meanwhile are looked at (one interval for all, stopped when nothing arrives), and
// how many (entries and carriers, in pairs) are held before that is done at once.
const REGISTER_EVERY_MS = 100;
const FRESH_LIMIT = 128;

/** Default of `unreadResponseTimeoutMs`: a response nobody starts reading within this long ends its span. */
export const UNREAD_TIMEOUT_MS = 60_000;

/**
 * Watches responses until reading starts: one that is garbage-collected unread (where `FinalizationRegistry`
 * exists), or that nobody starts reading before its timeout (checked by one lazy, unref'd interval for all of
 * them, at a quarter of the shortest timeout), is handed to `onUnread` with the cause, whichever comes first.
 * Isomorphic: no Node API; a runtime without FinalizationRegistry relies on the timeout alone.
 *
 * A response is registered for garbage-collection notice only when it is still unread up to `REGISTER_EVERY_MS`
 * after it arrived (one interval for all of them, running only while responses arrive): V8's minor GC treats a
 * registered target as alive, so every registered Response (its body, and through the held entry everything its span
 * holds) would be promoted to the old generation until a major GC, and registering and unregistering one per call
 * still doubled the scavenges' work. Callers read the responses they keep at once, so almost none is ever
 * registered; one dropped unread is held that much longer before it can be collected.
 * @example
 * const unread = createUnreadTracker<State>((state, cause) => finish(state, cause));
 * unread.watch(state, response);
 */
export function createUnreadTracker<T extends UnreadEntry>(onUnread: (entry: T, cause: UnreadCause) => void) {
  const pending = new Set<T>();
  // Carriers that arrived since the last turn, as [entry, carrier, entry, carrier, ...]: registered if still unread.
  let fresh: Array<T | object> = [];
  let registering: ReturnType<typeof setInterval> | undefined;
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

  function registerFresh(): void {
    const list = fresh;
    if (list.length === 0) {
      // A quiet turn: stop ticking until the next response arrives.
      if (registering !== undefined) clearInterval(registering);
      registering = undefined;
      return;
    }
    fresh = [];
    for (let i = 0; i < list.length; i += 2) {
      const entry = list[i] as T;
      if (!pending.has(entry)) continue; // read (or ended) meanwhile
      try {
        registry!.register(list[i + 1]!, entry, entry);
        entry.registered = true;
      } catch {
        // not registrable: the timeout still ends it
      }
    }
  }

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
      if (!registry) return;
      fresh.push(entry, carrier);
      // Calls that never yield to a macrotask (an in-memory fetch) must not pile responses up here.
      if (fresh.length >= FRESH_LIMIT) registerFresh();
      if (registering === undefined) {
        registering = setInterval(registerFresh, REGISTER_EVERY_MS);
        (registering as { unref?: () => void }).unref?.();
      }
    },
    /** Reading started or observation ended: no longer watched. */
    stop(entry: T): void {
      if (pending.delete(entry) && entry.registered) {
        entry.registered = false;
        try {
          registry!.unregister(entry); // the held entry (and what it holds) is let go now, not when the response is
        } catch {
          // nothing to undo
        }
      }
    },
    sweep,
  };
}
