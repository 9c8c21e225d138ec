import { observeBody, type BodyObserver, type BodyOutcome, type ObservedBody } from './observe-body.js';

/**
 * Observes a body stream in place, handing on the very stream object: its readers' `read()` results are seen as
 * the caller gets them (one promise reaction per chunk, where a pass-through stream costs a second stream's queue and
 * pull per chunk, several times more). The hooks are own properties of the stream and of each reader it gives out:
 * `getReader()` (default and BYOB readers: `read`, `cancel`), async iteration (`values()`, `for await`), `cancel()`.
 * `pipeTo`, `pipeThrough` and `tee` read through internal readers nobody can hook, so they go through a
 * pass-through stream (`observeBody`) made on first use; a Response's `clone()` tees its body that way too, so
 * chunks are still observed once, whichever copy is read.
 *
 * Chunks reach the observer two microtasks after the caller's read resolved, so our work never sits before theirs;
 * nothing is read before the caller asks, and errors, cancellation and locking stay the stream's own.
 *
 * @example
 * const { end } = hookBody(response.body!, { onChunk: (c) => (bytes += c.byteLength), onEnd: console.log });
 */
export function hookBody(stream: ReadableStream<Uint8Array>, observer: BodyObserver): ObservedBody & { piped(): boolean } {
  const proto = Object.getPrototypeOf(stream) as ReadableStream<Uint8Array>;
  let ended = false;
  let started = false;
  let fallback: ReadableStream<Uint8Array> | undefined;
  const end = (outcome: BodyOutcome) => {
    if (ended) return;
    ended = true;
    try {
      observer.onEnd(outcome);
    } catch {
      // observer trouble stays with us
    }
  };
  const start = () => {
    if (started) return;
    started = true;
    try {
      observer.onStart?.();
    } catch {
      // guarded
    }
  };
  const deliver = (chunk: Uint8Array) => {
    if (ended) return;
    try {
      observer.onChunk(chunk);
    } catch {
      // a framing or adapter error never reaches the user
    }
  };
  const done = () => end({ kind: 'done' });
  // Chunks on their way to the observer, and whether the end waits for them (reads made without awaiting the last).
  let queued = 0;
  let endAfterQueued = false;
  const deliverLater = (chunk: Uint8Array) => {
    queued--;
    deliver(chunk);
    if (queued === 0 && endAfterQueued) done();
  };
  // Module-level-like handlers, made once per body rather than once per chunk. The caller's continuation is queued
  // only when the promise `onResult` returns into resolves, after anything queued here: a chunk takes one hop more,
  // so its framing runs behind the caller's code. The end does not: the span is over before the caller goes on past
  // the last read (a `flush()` right after it exports it), unless chunks are still on their way (then it follows them).
  const onResult = (result: ReadableStreamReadResult<Uint8Array>) => {
    if (!ended) {
      if (result.done) {
        if (queued) endAfterQueued = true;
        else queueMicrotask(done);
      } else {
        const chunk = result.value;
        queued++;
        queueMicrotask(() => queueMicrotask(() => deliverLater(chunk)));
      }
    }
    return result;
  };
  const onError = (error: unknown): never => {
    end({ kind: 'error', error });
    throw error; // the very same error object
  };

  const hookReader = <R extends ReadableStreamDefaultReader<Uint8Array> | ReadableStreamBYOBReader>(reader: R): R => {
    const read = reader.read as (this: R, ...args: unknown[]) => Promise<ReadableStreamReadResult<Uint8Array>>;
    const cancel = reader.cancel;
    define(reader, 'read', function (this: R, ...args: unknown[]) {
      start();
      return read.apply(this, args).then(onResult, onError);
    });
    define(reader, 'cancel', function (this: R, reason?: unknown) {
      end({ kind: 'cancel', reason });
      return cancel.call(this, reason);
    });
    return reader;
  };
  const rawReader = (options?: ReadableStreamGetReaderOptions) =>
    (proto.getReader as (this: ReadableStream<Uint8Array>, o?: ReadableStreamGetReaderOptions) => ReadableStreamDefaultReader<Uint8Array>).call(stream, options);
  const iterate = (options?: { preventCancel?: boolean }) => asyncIterator(hookReader(rawReader()), options?.preventCancel === true);
  const piped = () => {
    if (!fallback) {
      // observeBody reads with the prototype's own reader, so the hooks above see nothing twice.
      fallback = observeBody(stream, { onStart: start, onChunk: deliver, onEnd: end }).stream;
    }
    return fallback;
  };

  define(stream, 'getReader', (options?: ReadableStreamGetReaderOptions) => hookReader(rawReader(options)));
  define(stream, 'values', iterate);
  define(stream, Symbol.asyncIterator, iterate);
  define(stream, 'cancel', (reason?: unknown) => {
    end({ kind: 'cancel', reason });
    return proto.cancel.call(stream, reason);
  });
  define(stream, 'pipeTo', (destination: WritableStream<Uint8Array>, options?: StreamPipeOptions) => piped().pipeTo(destination, options));
  define(stream, 'pipeThrough', (transform: ReadableWritablePair<unknown, Uint8Array>, options?: StreamPipeOptions) =>
    piped().pipeThrough(transform, options),
  );
  define(stream, 'tee', () => piped().tee());
  return { stream, end, piped: () => fallback !== undefined };
}

function define(target: object, key: PropertyKey, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * The async iterator of a stream per the Streams spec (`values()`), over an already hooked reader: `next()` calls are
 * served in order, the lock is released when the stream ends or errors, and `return()` cancels the stream unless
 * `preventCancel`.
 */
function asyncIterator(reader: ReadableStreamDefaultReader<Uint8Array>, preventCancel: boolean): AsyncIterableIterator<Uint8Array> {
  let ongoing: Promise<IteratorResult<Uint8Array>> | undefined;
  let finished = false;
  const nextSteps = (): Promise<IteratorResult<Uint8Array>> => {
    if (finished) return Promise.resolve({ value: undefined, done: true });
    return reader.read().then(
      (result) => {
        if (result.done) {
          finished = true;
          reader.releaseLock();
        }
        return result as IteratorResult<Uint8Array>;
      },
      (error: unknown) => {
        finished = true;
        reader.releaseLock();
        throw error;
      },
    );
  };
  const iterator: AsyncIterableIterator<Uint8Array> = {
    next() {
      ongoing = ongoing ? ongoing.then(nextSteps, nextSteps) : nextSteps();
      return ongoing;
    },
    return(value?: unknown) {
      const returnSteps = (): Promise<IteratorResult<Uint8Array>> | IteratorResult<Uint8Array> => {
        if (finished) return { value, done: true } as IteratorResult<Uint8Array>;
        finished = true;
        if (preventCancel) {
          reader.releaseLock();
          return { value, done: true } as IteratorResult<Uint8Array>;
        }
        const cancelled = reader.cancel(value);
        reader.releaseLock();
        return cancelled.then(() => ({ value, done: true }) as IteratorResult<Uint8Array>);
      };
      ongoing = ongoing ? ongoing.then(returnSteps, returnSteps) : Promise.resolve(returnSteps());
      return ongoing;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
