/**
 * Reusable buffers for request bodies. A body read into a fresh buffer is garbage right after decoding, and V8
 * collects Buffer garbage only once tens of MB of it have piled up outside the heap: under steady ingest that pile is
 * resident memory the budget has to leave room for. Reusing a few buffers keeps it flat.
 */
export interface BodyPool {
  /** A buffer of at least `size` bytes, owned by the caller until given back. */
  take(size: number): Buffer;
  /** Returns a buffer from `take` (or a view of one from its start); anything else is ignored. */
  give(buffer: Uint8Array): void;
}

/**
 * Creates a pool that keeps up to `keep` free buffers of at most `maxPooledBytes` each.
 * @example
 * const pool = createBodyPool();
 * const buf = pool.take(1024);
 * pool.give(buf);
 */
export function createBodyPool(keep = 4, maxPooledBytes = 4 * 1024 * 1024): BodyPool {
  const free: Buffer[] = [];
  const owned = new WeakSet<ArrayBuffer>();
  return {
    take(size) {
      let best = -1;
      for (let i = 0; i < free.length; i++) if (free[i].length >= size && (best < 0 || free[i].length < free[best].length)) best = i;
      if (best >= 0) return free.splice(best, 1)[0];
      let length = 64 * 1024;
      while (length < size) length *= 2;
      const buffer = Buffer.allocUnsafeSlow(length);
      if (length <= maxPooledBytes) owned.add(buffer.buffer as ArrayBuffer);
      return buffer;
    },
    give(buffer) {
      const backing = buffer.buffer as ArrayBuffer;
      if (buffer.byteOffset !== 0 || !owned.has(backing)) return;
      const whole = Buffer.from(backing, 0, backing.byteLength);
      if (free.length < keep) free.push(whole);
      else {
        // Keep the biggest ones: a small free buffer is the one to drop.
        let smallest = 0;
        for (let i = 1; i < free.length; i++) if (free[i].length < free[smallest].length) smallest = i;
        if (free[smallest].length < whole.length) free[smallest] = whole;
      }
    },
  };
}
