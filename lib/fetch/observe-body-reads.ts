import { observeBody } from '../streaming/observe-body';

/**
 * The body as the caller read it: parsed JSON or text; undefined when reading failed, was cut short or exceeded the
 * size bound; `'unread'` when reading did not start within `UNREAD_TIMEOUT_MS`.
 */
export type BodyResult = { json: unknown } | { text: string } | undefined | 'unread';

/** A body nobody starts reading within this long no longer holds its span open. */
export const UNREAD_TIMEOUT_MS = 60_000;

const STATE = Symbol('tracelight.body-state');

interface BodyState {
  maxBytes: number;
  done: boolean;
  started: boolean;
  arrivedAt: number;
  onDone: (result: BodyResult) => void;
  wrapped?: ReadableStream<Uint8Array> | null;
}

type Carrier = Response & { [STATE]?: BodyState };

let tracedProto: object | undefined;
// Responses whose body has not been touched yet; swept by one lazy interval instead of a timer per call.
const pending = new Set<BodyState>();
let sweeper: ReturnType<typeof setInterval> | undefined;

/**
 * Observes a non-streamed body as the caller reads it, with no copy and no second read. The Response keeps its
 * identity; its prototype becomes a subclass-like object whose `json()`, `text()`, `arrayBuffer()`, `bytes()` and
 * `blob()` call the real methods and pass us their result, and whose `body` is a pass-through stream keeping at most
 * `maxBytes`. Values, errors, timing, `clone()`, `bodyUsed`, headers and `instanceof Response` are unchanged.
 * A body not read within `UNREAD_TIMEOUT_MS` gets `onDone('unread')`.
 *
 * @example
 * observeBodyReads(response, 8 << 20, (result) => finishSpan(result));
 */
export function observeBodyReads(response: Response, maxBytes: number, onDone: (result: BodyResult) => void): void {
  const proto = getTracedProto();
  if (!proto) {
    onDone(undefined);
    return;
  }
  const state: BodyState = { maxBytes, done: false, started: false, arrivedAt: Date.now(), onDone };
  (response as Carrier)[STATE] = state;
  Object.setPrototypeOf(response, proto);
  pending.add(state);
  if (!sweeper) {
    sweeper = setInterval(sweepUnreadBodies, UNREAD_TIMEOUT_MS / 2);
    (sweeper as { unref?: () => void }).unref?.();
  }
}

/**
 * Ends observation of bodies that arrived more than `UNREAD_TIMEOUT_MS` before `now` and were never read (runs on a
 * lazy unref'd interval; exported for tests).
 *
 * @example
 * sweepUnreadBodies(Date.now() + UNREAD_TIMEOUT_MS);
 */
export function sweepUnreadBodies(now = Date.now()): void {
  const cutoff = now - UNREAD_TIMEOUT_MS;
  for (const state of pending) if (state.arrivedAt < cutoff) finish(state, 'unread');
  if (pending.size === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = undefined;
  }
}

function finish(state: BodyState, result: BodyResult): void {
  pending.delete(state);
  if (state.done) return;
  state.done = true;
  try {
    state.onDone(result);
  } catch {
    // our problem, never the caller's
  }
}

function own(self: unknown): BodyState | undefined {
  const state = (self as Carrier)?.[STATE];
  if (!state || state.done || state.started) return undefined;
  state.started = true;
  pending.delete(state);
  return state;
}

function getTracedProto(): object | undefined {
  if (tracedProto || typeof Response !== 'function') return tracedProto;
  const base = Response.prototype as unknown as Record<string, (this: Response) => Promise<unknown>>;
  const bodyGetter = Object.getOwnPropertyDescriptor(Response.prototype, 'body')?.get;
  const methods: PropertyDescriptorMap = {};
  const shadow = (name: string, toResult: (value: any, state: BodyState) => BodyResult | Promise<BodyResult>) => {
    const real = base[name];
    if (typeof real !== 'function') return;
    methods[name] = {
      configurable: true,
      writable: true,
      value: function (this: Response) {
        const promise = real.call(this);
        const state = own(this);
        if (!state) return promise;
        return promise.then(
          (value) => {
            const result = toResult(value, state);
            if (result instanceof Promise) result.then((r) => finish(state, r), () => finish(state, undefined));
            else finish(state, result);
            return value;
          },
          (error) => {
            finish(state, undefined);
            throw error;
          },
        );
      },
    };
  };
  const decode = (bytes: ArrayBuffer | Uint8Array, state: BodyState): BodyResult =>
    bytes.byteLength <= state.maxBytes ? { text: new TextDecoder().decode(bytes) } : undefined;
  shadow('json', (json) => ({ json }));
  shadow('text', (text: string) => ({ text }));
  shadow('arrayBuffer', decode);
  shadow('bytes', decode);
  shadow('blob', (blob: Blob, state) => (blob.size <= state.maxBytes ? blob.text().then((text) => ({ text })) : undefined));
  if (bodyGetter) {
    methods.body = {
      configurable: true,
      get(this: Response) {
        const real = bodyGetter.call(this) as ReadableStream<Uint8Array> | null;
        const state = (this as Carrier)[STATE];
        if (!state || !real) return real;
        if (state.wrapped !== undefined) return state.wrapped;
        if (state.done || state.started || real.locked) return real;
        state.started = true;
        pending.delete(state);
        state.wrapped = passThrough(real, state);
        return state.wrapped;
      },
    };
  }
  tracedProto = Object.create(Response.prototype, methods);
  return tracedProto;
}

function passThrough(real: ReadableStream<Uint8Array>, state: BodyState): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  return observeBody(real, {
    onChunk(chunk) {
      size += chunk.byteLength;
      if (size <= state.maxBytes) text += decoder.decode(chunk, { stream: true });
      else text = '';
    },
    onEnd(outcome) {
      finish(state, outcome.kind === 'done' && size <= state.maxBytes ? { text: text + decoder.decode() } : undefined);
    },
  }).stream;
}
