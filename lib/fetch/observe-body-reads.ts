import { observeBody } from '../streaming/observe-body';

/**
 * The body as the caller read it: parsed JSON or text; undefined when reading failed, was cut short or exceeded the
 * size bound; `'unread'` when the Response was garbage collected without its body being read.
 */
export type BodyResult = { json: unknown } | { text: string } | undefined | 'unread';

// Ends spans of responses whose body is never read, once the Response is garbage collected.
const unread =
  typeof FinalizationRegistry === 'function' ? new FinalizationRegistry<() => void>((finish) => finish()) : undefined;

const proto = typeof Response === 'function' ? Response.prototype : undefined;
const bodyGetter = proto ? Object.getOwnPropertyDescriptor(proto, 'body')?.get : undefined;

/**
 * Observes a non-streamed body as the caller reads it, with no copy and no extra read: `json()`, `text()`,
 * `arrayBuffer()`, `bytes()` and `blob()` are shadowed on this one Response object by functions that call the real
 * method and hand us its result; reading `body` directly gives a pass-through stream that keeps at most `maxBytes`.
 * The caller gets the same values, errors and timing (`clone()`, `bodyUsed`, headers untouched). If the body is never
 * read, `onDone('unread')` runs when the Response is garbage collected (so `onDone` must not reference it).
 *
 * @example
 * observeBodyReads(response, 8 << 20, (result) => finishSpan(result));
 */
export function observeBodyReads(response: Response, maxBytes: number, onDone: (result: BodyResult) => void): void {
  const token = {};
  // Built outside this scope: the registry holds `finish`, which must not keep `response` alive.
  const finisher = createFinisher(onDone, token);
  const finish = finisher.finish;
  const shadow = (name: 'json' | 'text' | 'arrayBuffer' | 'bytes' | 'blob', toResult: (value: any) => BodyResult | Promise<BodyResult>) => {
    const real = (proto as unknown as Record<string, ((this: Response) => Promise<unknown>) | undefined>)?.[name];
    if (typeof real !== 'function') return;
    Object.defineProperty(response, name, {
      configurable: true,
      writable: true,
      value: function (this: Response) {
        const promise = real.call(this);
        if (this !== response || finisher.isDone()) return promise;
        return promise.then(
          (value) => {
            const result = toResult(value);
            if (result instanceof Promise) result.then(finish, () => finish(undefined));
            else finish(result);
            return value;
          },
          (error) => {
            finish(undefined);
            throw error;
          },
        );
      },
    });
  };
  shadow('json', (value) => ({ json: value }));
  shadow('text', (text: string) => ({ text }));
  shadow('arrayBuffer', (buf: ArrayBuffer) => (buf.byteLength <= maxBytes ? { text: new TextDecoder().decode(buf) } : undefined));
  shadow('bytes', (buf: Uint8Array) => (buf.byteLength <= maxBytes ? { text: new TextDecoder().decode(buf) } : undefined));
  shadow('blob', (blob: Blob) => (blob.size <= maxBytes ? blob.text().then((text) => ({ text })) : undefined));
  if (bodyGetter) {
    let wrapped: ReadableStream<Uint8Array> | null | undefined;
    Object.defineProperty(response, 'body', {
      configurable: true,
      get(this: Response) {
        const real = bodyGetter.call(this) as ReadableStream<Uint8Array> | null;
        if (this !== response || finisher.isDone() || !real || real.locked) return real;
        if (wrapped === undefined) wrapped = passThrough(real, maxBytes, finish);
        return wrapped;
      },
    });
  }
  unread?.register(response, finisher.unread, token);
}

function createFinisher(onDone: (result: BodyResult) => void, token: object) {
  let done = false;
  const finish = (result: BodyResult) => {
    if (done) return;
    done = true;
    unread?.unregister(token);
    try {
      onDone(result);
    } catch {
      // our problem, never the caller's
    }
  };
  return { finish, unread: () => finish('unread'), isDone: () => done };
}

function passThrough(real: ReadableStream<Uint8Array>, maxBytes: number, finish: (r: BodyResult) => void) {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  return observeBody(real, {
    onChunk(chunk) {
      size += chunk.byteLength;
      if (size <= maxBytes) text += decoder.decode(chunk, { stream: true });
      else text = '';
    },
    onEnd(outcome) {
      finish(outcome.kind === 'done' && size <= maxBytes ? { text: text + decoder.decode() } : undefined);
    },
  }).stream;
}
