import { BodyError } from '../forward/body-error.js';
import type { ContentCoding } from './content-coding.js';

/** A request body as a front door has it: bytes, a Web stream, or an async iterable of chunks (Node's request). */
export type OtlpBodySource = Uint8Array | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null | undefined;

/** Reusable buffers for bodies (the viewer's pool); `give` takes back what `take` handed out. */
export interface BytesPool {
  take(size: number): Uint8Array;
  give(bytes: Uint8Array): void;
}

/** Options of `readOtlpBody`. */
export interface ReadOtlpBodyOptions {
  coding: ContentCoding;
  /** The cap, applied to the bytes after decompression. */
  maxBytes: number;
  /** The declared Content-Length, if any: an identity body declared over the cap is refused unread. */
  declaredLength?: number | null;
  pool?: BytesPool;
}

/** A body read whole. `pooled`: `bytes` is a view of a buffer from the pool, to give back when done. */
export interface ReadBody {
  bytes: Uint8Array;
  pooled: boolean;
}

interface Puller {
  /** The next chunk, or null at the end. */
  pull(): Promise<Uint8Array | null>;
  /** Stop: nothing more is read. */
  cancel(): void;
}

function pullerOf(source: OtlpBodySource): Puller {
  if (source == null) return { pull: async () => null, cancel() {} };
  if (source instanceof Uint8Array) {
    let given = false;
    return { pull: async () => (given ? null : ((given = true), source)), cancel() {} };
  }
  if (typeof (source as ReadableStream).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    return {
      pull: async () => {
        const { done, value } = await reader.read();
        return done ? null : value;
      },
      cancel: () => void reader.cancel().catch(() => undefined),
    };
  }
  // Iterated by hand, never `return()`ed: ending a Node request's iterator would destroy its socket before the answer.
  const iterator = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  return {
    pull: async () => {
      const { done, value } = await iterator.next();
      return done ? null : value;
    },
    cancel() {},
  };
}

function decompressing(inner: Puller, format: 'gzip' | 'deflate'): Puller {
  const stream = new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>;
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let stopped = false;
  void (async () => {
    try {
      for (;;) {
        const chunk = stopped ? null : await inner.pull();
        if (chunk === null || stopped) break;
        await writer.write(chunk);
      }
      if (!stopped) await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => undefined);
    }
  })();
  return {
    pull: async () => {
      const { done, value } = await reader.read();
      return done ? null : value;
    },
    cancel() {
      stopped = true;
      void reader.cancel().catch(() => undefined);
      inner.cancel();
    },
  };
}

/**
 * Reads a request body up to `maxBytes` AFTER decompression (gzip, x-gzip, deflate via the Web `DecompressionStream`),
 * streaming: a decompression bomb is cut off as soon as its output passes the cap, so it never sits in memory. Web
 * APIs only, so the viewer and the relay (in any runtime) read bodies with the same code and the same limits.
 * Throws `BodyError` (413 over the cap, 400 unreadable or corrupt).
 * @example const { bytes } = await readOtlpBody(request.body, { coding: 'gzip', maxBytes: 5 * 1024 * 1024 });
 */
export async function readOtlpBody(source: OtlpBodySource, options: ReadOtlpBodyOptions): Promise<ReadBody> {
  const { coding, maxBytes, pool } = options;
  const declared = options.declaredLength ?? NaN;
  if (coding === 'identity' && Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyError(413, `body of ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  if (source instanceof Uint8Array && coding === 'identity') {
    if (source.length > maxBytes) throw new BodyError(413, `body of ${source.length} bytes is over the ${maxBytes}-byte limit`);
    return { bytes: source, pooled: false };
  }
  let puller = pullerOf(source);
  if (coding !== 'identity') puller = decompressing(puller, coding);

  const chunks: Uint8Array[] = [];
  let total = 0;
  let into = pool?.take(Number.isFinite(declared) && coding === 'identity' ? declared : 0);
  try {
    for (;;) {
      const chunk = await puller.pull();
      if (chunk === null) break;
      if (total + chunk.length > maxBytes) {
        puller.cancel();
        throw new BodyError(413, `body is over the ${maxBytes}-byte limit${coding === 'identity' ? '' : ' after decompression'}`);
      }
      if (into && pool) {
        if (total + chunk.length > into.length) {
          const bigger = pool.take(total + chunk.length);
          bigger.set(into.subarray(0, total));
          pool.give(into);
          into = bigger;
        }
        into.set(chunk, total);
      } else chunks.push(chunk);
      total += chunk.length;
    }
  } catch (error) {
    if (into) pool?.give(into);
    if (error instanceof BodyError) throw error;
    puller.cancel();
    throw new BodyError(400, `could not read body: ${(error as Error).message}`);
  }
  if (into) return { bytes: into.subarray(0, total), pooled: true };
  if (chunks.length === 1) return { bytes: chunks[0], pooled: false };
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return { bytes: out, pooled: false };
}
