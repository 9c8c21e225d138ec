import type { BodyOutcome } from './observe-body.js';
import { hookBody } from './hook-body.js';
import { createUnreadTracker, UNREAD_TIMEOUT_MS, type UnreadCause } from './unread-responses.js';

export { UNREAD_TIMEOUT_MS, type UnreadCause } from './unread-responses.js';

/**
 * How observation of a response ended. `unread`: nobody started reading it before it was garbage-collected or its
 * unread timeout passed (`cause` says which); `arrivedAt` (`Date.now()` when observation began) is when the response
 * headers were in.
 */
export type ReadOutcome = BodyOutcome | { kind: 'unread'; arrivedAt: number; cause: UnreadCause };

/** Receives what the caller reads. Every callback is guarded: nothing it throws reaches the caller. */
export interface ReadObserver {
  /** Each chunk as it passes through `response.body` (same chunk objects the caller gets). */
  chunk(bytes: Uint8Array): void;
  /** The whole body, when the caller used `json()` (parsed value) or `text()`/`arrayBuffer()`/`bytes()`/`blob()`. */
  whole(body: { json: unknown } | { text: string }): void;
  /** Called once, when reading ended for any reason. */
  end(outcome: ReadOutcome): void;
}

const STATE = Symbol('tracelight.read-state');

interface ReadState {
  observer: ReadObserver;
  done: boolean;
  started: boolean;
  arrivedAt: number;
  expiresAt: number;
  /** Response objects (original, clones) alive and unread; the unread tracker counts them down as they are collected. */
  carriers: number;
  /** The body stream last hooked (`clone()` swaps a response's stream for a tee branch). */
  source?: ReadableStream<Uint8Array>;
  /** Whether a hooked stream of the family is being read through its pass-through (pipe, tee, a clone's tee). */
  piped?: () => boolean;
  /** The hooked stream whose reading is observed: the first of the family to be read. */
  active?: object;
  endBody?: (outcome: BodyOutcome) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

type Carrier = Response & { [STATE]?: ReadState };

// One traced prototype per Response class seen (the global one, undici's package, node-fetch, subclasses...).
const tracedProtos = new WeakMap<object, object>();
// Responses not read yet: ended when collected unread or when their timeout passes.
const unread = createUnreadTracker<ReadState>((state, cause) =>
  finish(state, state.signal?.aborted ? abortOutcome(state.signal) : { kind: 'unread', arrivedAt: state.arrivedAt, cause }),
);

/**
 * Observes a response as the caller reads it, without copying, tee-ing or reading ahead of them, and without
 * replacing the Response: the object keeps its identity, `url`, `headers`, `clone()`, `bodyUsed` and
 * `instanceof Response`; only its prototype becomes one whose `json()`, `text()`, `arrayBuffer()`, `bytes()` and
 * `blob()` call the real methods and pass us the result, and whose `body` is a pass-through stream (created on first
 * access, same chunks, same errors; see `observeBody`). A `clone()` is observed the same way and shares the
 * observation: whichever of the family is read first is the one observed (an app may read only a copy).
 *
 * The request's `signal` ends observation with an `abort` outcome: at once when it is already aborted; while the body
 * is read through `body` (a reader may sit idle, or let go of the stream without cancelling it); and when the unread
 * sweep finds it aborted. `json()`/`text()` need no listener (an abort rejects them), which spares the app the cost of
 * an 'abort' listener per call (about a microsecond on Node's AbortSignal).
 *
 * A response nobody reads ends observation (`unread`) when it is garbage-collected (where `FinalizationRegistry`
 * exists) or `unreadTimeoutMs` after it arrived (default `UNREAD_TIMEOUT_MS`, checked every quarter of it),
 * whichever comes first.
 *
 * @example
 * observeResponseReads(response, { chunk: feed, whole: parseAll, end: finishSpan }, init.signal);
 */
export function observeResponseReads(response: Response, observer: ReadObserver, signal?: AbortSignal, unreadTimeoutMs = UNREAD_TIMEOUT_MS): void {
  const proto = getTracedProto(Object.getPrototypeOf(response));
  const arrivedAt = Date.now();
  const timeout = unreadTimeoutMs > 0 ? unreadTimeoutMs : UNREAD_TIMEOUT_MS; // NaN and nonsense get the default
  const state: ReadState = { observer, done: false, started: false, arrivedAt, expiresAt: arrivedAt + timeout, carriers: 0, signal };
  if (!proto) {
    finish(state, { kind: 'unread', arrivedAt, cause: 'timeout' });
    return;
  }
  if (signal?.aborted) {
    finish(state, abortOutcome(signal));
    return;
  }
  (response as Carrier)[STATE] = state;
  Object.setPrototypeOf(response, proto);
  unread.watch(state, response);
}

function abortOutcome(signal: AbortSignal): BodyOutcome {
  return { kind: 'abort', reason: signal.reason };
}

/**
 * Ends observation of responses whose unread timeout passed before `now` and that were never read (runs on the lazy
 * interval; exported for tests).
 *
 * @example
 * sweepUnreadResponses(Date.now() + UNREAD_TIMEOUT_MS);
 */
export function sweepUnreadResponses(now = Date.now()): void {
  unread.sweep(now);
}

// What an ended state observes: nothing. Swapped in so the Response no longer reaches the span.
const ENDED: ReadObserver = { chunk() {}, whole() {}, end() {} };

function finish(state: ReadState, outcome: ReadOutcome): void {
  unread.stop(state);
  if (state.done) return;
  state.done = true;
  if (state.onAbort) state.signal!.removeEventListener('abort', state.onAbort);
  const observer = state.observer;
  // The Response keeps its state: let go of the observer (the span, the parsed request and response, the content)
  // and of the signal. Node's fetch registers every Response in a FinalizationRegistry, which V8's minor GC treats as
  // alive until a major GC; whatever the Response still reaches would be promoted to the old generation with it.
  state.observer = ENDED;
  state.signal = undefined;
  state.onAbort = undefined;
  state.endBody = undefined;
  try {
    observer.end(outcome);
  } catch {
    // our problem, never the caller's
  }
}

/** Marks the first read of a response; undefined when it is not observed or reading had already started. */
function start(state: ReadState | undefined): ReadState | undefined {
  if (!state || state.done || state.started) return undefined;
  state.started = true;
  unread.stop(state);
  return state;
}

function getTracedProto(baseProto: object | null): object | undefined {
  if (!baseProto) return undefined;
  const known = tracedProtos.get(baseProto);
  if (known) return known;
  if (Object.prototype.hasOwnProperty.call(baseProto, STATE_MARK)) return undefined; // observed by another copy
  const base = baseProto as Record<string, (this: Response) => Promise<unknown>>;
  if (typeof base.text !== 'function') return undefined;
  const bodyGetter = findGetter(baseProto, 'body');
  const methods: PropertyDescriptorMap = {};
  const shadow = (name: string, toBody: (value: any) => { json: unknown } | { text: string } | Promise<{ text: string }>) => {
    const real = base[name];
    if (typeof real !== 'function') return;
    methods[name] = {
      configurable: true,
      writable: true,
      value: function (this: Response) {
        const promise = real.call(this);
        const state = start((this as Carrier | undefined)?.[STATE]);
        if (!state) return promise;
        // Observed beside the caller, who gets the very same promise (one promise and one tick fewer than chaining;
        // registered first, so the span is finished before the caller's continuation runs).
        promise.then(
          (value) => {
            const deliver = (body: { json: unknown } | { text: string }) => {
              if (state.done) return;
              try {
                state.observer.whole(body);
              } catch {
                // guarded
              }
              finish(state, { kind: 'done' });
            };
            try {
              const body = toBody(value);
              if (body instanceof Promise) body.then(deliver, () => finish(state, { kind: 'done' }));
              else deliver(body);
            } catch {
              finish(state, { kind: 'done' });
            }
          },
          (error) => finish(state, { kind: 'error', error }),
        );
        return promise;
      },
    };
  };
  const decode = (bytes: ArrayBuffer | Uint8Array) => ({ text: new TextDecoder().decode(bytes) });
  shadow('json', (json) => ({ json }));
  shadow('text', (text: string) => ({ text }));
  shadow('arrayBuffer', decode);
  shadow('bytes', decode);
  shadow('blob', (blob: Blob) => blob.text().then((text) => ({ text })));
  if (bodyGetter) {
    methods.body = {
      configurable: true,
      get(this: Response) {
        const real = bodyGetter.call(this) as ReadableStream<Uint8Array> | null;
        const state = (this as Carrier)[STATE];
        if (!state || !real) return real;
        if (state.source === real || state.piped?.()) return real;
        if (state.done || state.started || real.locked) return real;
        // The very stream goes to the caller, hooked in place; getting it reads nothing, and observation starts with
        // the caller's first read. Of several hooked streams of a family (a clone's), the first read is observed.
        const id = {};
        const observed = hookBody(real, {
          onStart: () => {
            if (state.active) return;
            state.active = id;
            start(state);
          },
          onChunk: (chunk) => {
            if (state.active === id && !state.done) state.observer.chunk(chunk);
          },
          onEnd: (outcome) => {
            if (state.active === id || state.active === undefined) finish(state, outcome);
          },
        });
        state.source = real;
        state.piped = observed.piped;
        state.endBody = observed.end;
        const signal = state.signal;
        if (signal && !state.onAbort) {
          state.onAbort = () => state.endBody?.(abortOutcome(signal));
          signal.addEventListener('abort', state.onAbort, { once: true });
        }
        return real;
      },
    };
  }
  const realClone = base.clone as unknown as ((this: Response) => Response) | undefined;
  if (typeof realClone === 'function') {
    methods.clone = {
      configurable: true,
      writable: true,
      value: function (this: Response) {
        const copy = realClone.call(this);
        const state = (this as Carrier)[STATE];
        if (state && !state.done && !state.started && Object.getPrototypeOf(copy) === baseProto) {
          try {
            (copy as Carrier)[STATE] = state;
            Object.setPrototypeOf(copy, traced);
            unread.carrier(state, copy); // the clone may be the one read: collected alone, the original is not unread
          } catch {
            // the copy stays plain: the original is still observed
          }
        }
        return copy;
      },
    };
  }
  methods[STATE_MARK] = { value: true };
  const traced = Object.create(baseProto, methods) as object;
  tracedProtos.set(baseProto, traced);
  return traced;
}

const STATE_MARK = Symbol('tracelight.traced-proto');

function findGetter(proto: object, name: string): (() => unknown) | undefined {
  for (let p: object | null = proto; p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d.get;
  }
  return undefined;
}
