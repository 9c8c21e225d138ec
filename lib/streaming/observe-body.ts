/** How an observed body ended. */
export type BodyOutcome =
  | { kind: 'done' }
  | { kind: 'error'; error: unknown }
  | { kind: 'cancel'; reason: unknown }
  | { kind: 'abort'; reason: unknown };

/** Callbacks for `observeBody`. Both are guarded: whatever they throw never reaches the reader. */
export interface BodyObserver {
  /** Each chunk exactly as the source produced it, after it was handed on. */
  onChunk(chunk: Uint8Array): void;
  /** Called once when the body ends for any reason. */
  onEnd(outcome: BodyOutcome): void;
  /** Called on the consumer's first read, just before the source is locked and read. */
  onStart?(): void;
}

/** Returned by `observeBody`: the stream to give the user and a way to end observation from outside (abort). */
export interface ObservedBody {
  stream: ReadableStream<Uint8Array>;
  /** Ends observation (e.g. the request's AbortSignal fired) without touching the user's stream. */
  end(outcome: BodyOutcome): void;
}

/**
 * Passes a body through chunk by chunk (same chunk objects, same boundaries, same errors) while letting an observer
 * see each chunk. Nothing is read before the consumer asks (`highWaterMark: 0`, the source is locked only on the
 * first read), so merely getting the stream (e.g. an SDK logging `response.body`) disturbs nothing, a slow or absent
 * reader never makes it buffer, and each chunk is handed on the moment it arrives.
 *
 * @example
 * const { stream } = observeBody(response.body!, { onChunk: (c) => count += c.byteLength, onEnd: console.log });
 * return new Response(stream, response);
 */
export function observeBody(
  source: ReadableStream<Uint8Array>,
  observer: BodyObserver,
  // The class's own methods: `hookBody` passes the prototype the stream had before it was hooked, whose reads its
  // hooks must not see.
  proto = Object.getPrototypeOf(source) as ReadableStream<Uint8Array>,
): ObservedBody {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let ended = false;
  const end = (outcome: BodyOutcome) => {
    if (ended) return;
    ended = true;
    try {
      observer.onEnd(outcome);
    } catch {
      // observer trouble stays with us
    }
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          if (!reader) {
            try {
              observer.onStart?.();
            } catch {
              // guarded
            }
            reader = proto.getReader.call(source) as ReadableStreamDefaultReader<Uint8Array>;
          }
          result = await reader.read();
        } catch (error) {
          // The very same error object the unwrapped body would have produced.
          controller.error(error);
          end({ kind: 'error', error });
          return;
        }
        if (result.done) {
          controller.close();
          queueMicrotask(() => end({ kind: 'done' }));
          return;
        }
        const chunk = result.value;
        controller.enqueue(chunk);
        if (ended) return;
        // Parse after the consumer's read has been resolved, so our work never sits before their chunk.
        queueMicrotask(() => {
          if (ended) return;
          try {
            observer.onChunk(chunk);
          } catch {
            // a framing or adapter error never reaches the user
          }
        });
      },
      cancel(reason) {
        end({ kind: 'cancel', reason });
        if (reader) return reader.cancel(reason);
        return isLocked(source) ? undefined : proto.cancel.call(source, reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, end };
}

function isLocked(stream: ReadableStream<Uint8Array>): boolean {
  for (let p: object | null = Object.getPrototypeOf(stream); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, 'locked');
    if (d?.get) return d.get.call(stream) as boolean;
  }
  return stream.locked;
}
