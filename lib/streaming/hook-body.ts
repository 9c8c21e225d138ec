import { observeBody, type BodyObserver, type BodyOutcome, type ObservedBody } from './observe-body.js';

/**
 * Observes a body stream in place, handing on the very stream object: its readers' `read()` results are seen as
 * the caller gets them (one promise reaction per chunk, where a pass-through stream costs a second stream's queue and
 * pull per chunk, several times more). The stream's hooks live on a prototype made once per stream class and put
 * under the stream (its own object keeps its identity, `instanceof` and internal state; seven own properties per body
 * cost ~5 µs), and the readers it gives out get the same for `read` and `cancel`: `getReader()` (default and BYOB
 * readers), async iteration (`values()`, `for await`), `cancel()`.
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
  let proto = Object.getPrototypeOf(stream) as ReadableStream<Uint8Array>;
  // Hooked before (by another copy of the library too): hook over the class's own prototype, so one hook observes.
  if (proto && Object.prototype.hasOwnProperty.call(proto, HOOKED_PROTO)) proto = Object.getPrototypeOf(proto) as ReadableStream<Uint8Array>;
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

  // What this body's readers do on top of their class's `read` and `cancel` (one object for all of them).
  const readerHook: ReaderHook = {
    read(reader, realRead, args) {
      start();
      return (realRead.apply(reader, args) as Promise<ReadableStreamReadResult<Uint8Array>>).then(onResult, onError);
    },
    cancel(reader, realCancel, reason) {
      end({ kind: 'cancel', reason });
      return realCancel.call(reader, reason);
    },
  };
  const hookReader = <R extends ReadableStreamDefaultReader<Uint8Array> | ReadableStreamBYOBReader>(reader: R): R => {
    const readerProto = Object.getPrototypeOf(reader) as object | null;
    if (!readerProto) return reader;
    (reader as HookedReader)[READER_HOOK] = readerHook;
    Object.setPrototypeOf(reader, hookedReaderProtoOf(readerProto));
    return reader;
  };
  const rawReader = (options?: ReadableStreamGetReaderOptions) =>
    (proto.getReader as (this: ReadableStream<Uint8Array>, o?: ReadableStreamGetReaderOptions) => ReadableStreamDefaultReader<Uint8Array>).call(stream, options);
  const iterate = (options?: { preventCancel?: boolean }) => asyncIterator(hookReader(rawReader()), options?.preventCancel === true);
  const piped = () => {
    if (!fallback) {
      // observeBody reads with the prototype's own reader, so the hooks above see nothing twice.
      fallback = observeBody(stream, { onStart: start, onChunk: deliver, onEnd: end }, proto).stream;
    }
    return fallback;
  };

  const hook: StreamHook = {
    getReader: (options?: ReadableStreamGetReaderOptions) => hookReader(rawReader(options)),
    values: iterate,
    cancel: (reason?: unknown) => {
      end({ kind: 'cancel', reason });
      return proto.cancel.call(stream, reason);
    },
    pipeTo: (destination: WritableStream<Uint8Array>, options?: StreamPipeOptions) => piped().pipeTo(destination, options),
    pipeThrough: (transform: ReadableWritablePair<unknown, Uint8Array>, options?: StreamPipeOptions) => piped().pipeThrough(transform, options),
    tee: () => piped().tee(),
  };
  (stream as HookedStream)[HOOK] = hook;
  Object.setPrototypeOf(stream, hookedProtoOf(proto));
  return { stream, end, piped: () => fallback !== undefined };
}

/** The methods a hooked stream answers with, per stream. */
interface StreamHook {
  getReader(options?: ReadableStreamGetReaderOptions): ReadableStreamDefaultReader<Uint8Array> | ReadableStreamBYOBReader;
  values(options?: { preventCancel?: boolean }): AsyncIterableIterator<Uint8Array>;
  cancel(reason?: unknown): Promise<void>;
  pipeTo(destination: WritableStream<Uint8Array>, options?: StreamPipeOptions): Promise<void>;
  pipeThrough(transform: ReadableWritablePair<unknown, Uint8Array>, options?: StreamPipeOptions): ReadableStream<unknown>;
  tee(): [ReadableStream<Uint8Array>, ReadableStream<Uint8Array>];
}

const HOOK = Symbol('tracelight.body-hook');
// Marks hooked prototypes across copies of the library (hence `Symbol.for`).
const HOOKED_PROTO = Symbol.for('tracelight.hooked-stream-proto');
type HookedStream = ReadableStream<Uint8Array> & { [HOOK]?: StreamHook };
const hookedProtos = new WeakMap<object, object>();

/**
 * The prototype hooked streams of a class get: each method hands the call to the stream's own hook, or, for a
 * `this` that is not a hooked stream (a method taken off and called on another), to the class's own method.
 */
function hookedProtoOf(proto: object): object {
  const known = hookedProtos.get(proto);
  if (known) return known;
  const base = proto as Record<string, (...args: unknown[]) => unknown>;
  const method = (name: keyof StreamHook) => ({
    configurable: true,
    writable: true,
    value: function (this: HookedStream, ...args: unknown[]) {
      const hook = this?.[HOOK];
      if (hook) return (hook[name] as (...a: unknown[]) => unknown)(...args);
      const own = base[name];
      if (typeof own !== 'function') throw new TypeError(`ReadableStream.prototype.${name} is not a function`);
      return own.apply(this, args);
    },
  });
  const hooked = Object.create(proto, {
    getReader: method('getReader'),
    values: method('values'),
    [Symbol.asyncIterator]: method('values'),
    cancel: method('cancel'),
    pipeTo: method('pipeTo'),
    pipeThrough: method('pipeThrough'),
    tee: method('tee'),
    [HOOKED_PROTO]: { value: true },
  }) as object;
  hookedProtos.set(proto, hooked);
  return hooked;
}

type ReaderMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/** What a hooked reader's `read` and `cancel` do, given the reader and its class's own method. */
interface ReaderHook {
  read(reader: object, realRead: ReaderMethod, args: unknown[]): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reader: object, realCancel: ReaderMethod, reason: unknown): Promise<unknown>;
}

const READER_HOOK = Symbol('tracelight.reader-hook');
type HookedReader = object & { [READER_HOOK]?: ReaderHook };
const hookedReaderProtos = new WeakMap<object, object>();

/** As `hookedProtoOf`, for the readers a hooked stream gives out (default and BYOB: one prototype per class). */
function hookedReaderProtoOf(proto: object): object {
  const known = hookedReaderProtos.get(proto);
  if (known) return known;
  const realRead = (proto as { read: ReaderMethod }).read;
  const realCancel = (proto as { cancel: ReaderMethod }).cancel;
  const hooked = Object.create(proto, {
    read: {
      configurable: true,
      writable: true,
      value: function (this: HookedReader, ...args: unknown[]) {
        const hook = this?.[READER_HOOK];
        return hook ? hook.read(this, realRead, args) : realRead.apply(this, args);
      },
    },
    cancel: {
      configurable: true,
      writable: true,
      value: function (this: HookedReader, reason?: unknown) {
        const hook = this?.[READER_HOOK];
        return hook ? hook.cancel(this, realCancel, reason) : realCancel.call(this, reason);
      },
    },
  }) as object;
  hookedReaderProtos.set(proto, hooked);
  return hooked;
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
