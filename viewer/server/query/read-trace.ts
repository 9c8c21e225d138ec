import type { StoredSpan } from '../../shared/api-types.js';
import type { SpanStore } from '../span-store.js';

interface Cached {
  traceId: string;
  spans: StoredSpan[];
}

const caches = new WeakMap<SpanStore, { last: Cached | null }>();

/**
 * A trace's decoded spans (`store.getTrace`), remembering the last trace read: an agent pages through one big trace
 * (get_trace offsets, then get_span on its spans), and decoding thousands of spans again for each page is what such
 * a call would spend its time on. The store's events drop the copy as soon as the trace changes, is evicted or the
 * store is cleared, so it is never stale. One trace only: memory stays what a single call needs anyway.
 * @example const spans = readTrace(store, traceId);
 */
export function readTrace(store: SpanStore, traceId: string): StoredSpan[] | null {
  let cache = caches.get(store);
  if (!cache) {
    const fresh: { last: Cached | null } = { last: null };
    store.subscribe((event) => {
      if (!fresh.last) return;
      if (event.type === 'cleared' || event.traceIds.includes(fresh.last.traceId)) fresh.last = null;
    });
    caches.set(store, (cache = fresh));
  }
  if (cache.last?.traceId === traceId) return cache.last.spans;
  const spans = store.getTrace(traceId);
  cache.last = spans ? { traceId, spans } : null;
  return spans;
}
