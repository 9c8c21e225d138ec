// hookBody observes a stream in place. Every way of reading must give the caller exactly what the unhooked stream
// gives, and the observer each chunk once, with the right ending: readers (default, BYOB), for-await and values(),
// pipes and tee (through the pass-through), cancel, errors, releaseLock and a second reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hookBody } from '../../lib/streaming/hook-body.js';
import type { BodyOutcome } from '../../lib/streaming/observe-body.js';

const CHUNKS = ['alpha ', 'beta ', 'gamma'].map((s) => new TextEncoder().encode(s));
const text = (chunks: Uint8Array[]) => chunks.map((c) => new TextDecoder().decode(c)).join('');

function source(opts: { fail?: Error; bytes?: boolean } = {}) {
  let i = 0;
  let pulls = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      type: opts.bytes ? 'bytes' : undefined,
      pull(c) {
        pulls++;
        if (opts.fail && i === 1) return c.error(opts.fail);
        if (i < CHUNKS.length) c.enqueue(CHUNKS[i++]!.slice());
        else {
          c.close();
          (c as ReadableByteStreamController).byobRequest?.respond(0);
        }
      },
    } as UnderlyingDefaultSource<Uint8Array>,
    { highWaterMark: 0 },
  );
  return { stream, pulls: () => pulls };
}

function observe(stream: ReadableStream<Uint8Array>) {
  const seen: Uint8Array[] = [];
  const ends: BodyOutcome[] = [];
  const hooked = hookBody(stream, { onChunk: (c) => seen.push(c), onEnd: (o) => ends.push(o) });
  const settled = () => new Promise((r) => setTimeout(r, 5)).then(() => ({ seen: text(seen), ends: ends.map((e) => e.kind) }));
  return { hooked, settled };
}

test('the caller gets the very stream; nothing is read before they ask', async () => {
  const { stream, pulls } = source();
  const { hooked } = observe(stream);
  assert.equal(hooked.stream, stream);
  assert.ok(stream instanceof ReadableStream);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(pulls(), 0);
});

test('getReader: every chunk once, done at the end; a released lock and a second reader keep observing', async () => {
  const { stream } = source();
  const { settled } = observe(stream);
  const r1 = stream.getReader();
  const first = await r1.read();
  r1.releaseLock();
  const got = [first.value!];
  const r2 = stream.getReader();
  for (let r = await r2.read(); !r.done; r = await r2.read()) got.push(r.value);
  assert.equal(text(got), 'alpha beta gamma');
  assert.deepEqual(await settled(), { seen: 'alpha beta gamma', ends: ['done'] });
});

test('a BYOB reader on a byte stream', async () => {
  const { stream } = source({ bytes: true });
  const { settled } = observe(stream);
  const reader = stream.getReader({ mode: 'byob' });
  const got: Uint8Array[] = [];
  for (;;) {
    const r = await reader.read(new Uint8Array(64));
    if (r.done) break;
    got.push(r.value);
  }
  assert.equal(text(got), 'alpha beta gamma');
  assert.deepEqual(await settled(), { seen: 'alpha beta gamma', ends: ['done'] });
});

test('for await, break: the stream is cancelled and observation ends as cancelled', async () => {
  const { stream } = source();
  const { settled } = observe(stream);
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    assert.equal(text([chunk]), 'alpha ');
    break;
  }
  assert.equal(stream.locked, false, 'the iterator released its lock');
  assert.deepEqual(await settled(), { seen: 'alpha ', ends: ['cancel'] });
});

test('values({ preventCancel }) leaves the stream readable after return()', async () => {
  const { stream } = source();
  const { settled } = observe(stream);
  const it = (stream as unknown as { values(o: { preventCancel: boolean }): AsyncIterableIterator<Uint8Array> }).values({ preventCancel: true });
  assert.equal(text([(await it.next()).value]), 'alpha ');
  await it.return!();
  const rest: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) rest.push(r.value);
  assert.equal(text(rest), 'beta gamma');
  assert.deepEqual(await settled(), { seen: 'alpha beta gamma', ends: ['done'] });
});

test('concurrent next() calls resolve in order', async () => {
  const { stream } = source();
  observe(stream);
  const it = (stream as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  const results = await Promise.all([it.next(), it.next(), it.next(), it.next()]);
  assert.deepEqual(results.map((r) => (r.done ? 'done' : text([r.value]))), ['alpha ', 'beta ', 'gamma', 'done']);
});

test('an error reaches the caller as the same object and ends observation as an error', async () => {
  const boom = new Error('boom');
  const { stream } = source({ fail: boom });
  const { settled } = observe(stream);
  const reader = stream.getReader();
  await reader.read();
  await assert.rejects(reader.read(), (e) => e === boom);
  assert.deepEqual(await settled(), { seen: 'alpha ', ends: ['error'] });
});

test('pipeThrough and tee go through the pass-through: each chunk observed once', async () => {
  for (const via of ['pipeThrough', 'tee'] as const) {
    const { stream } = source();
    const { hooked, settled } = observe(stream);
    let out: ReadableStream<Uint8Array>;
    if (via === 'tee') {
      const [a, b] = stream.tee();
      out = a;
      void b.cancel();
    } else {
      out = stream.pipeThrough(new TransformStream<Uint8Array, Uint8Array>());
    }
    assert.equal(await new Response(out).text(), 'alpha beta gamma', via);
    assert.equal(hooked.piped(), true);
    assert.deepEqual(await settled(), { seen: 'alpha beta gamma', ends: ['done'] }, via);
  }
});

test('cancel() on the stream itself ends observation as cancelled', async () => {
  const { stream } = source();
  const { settled } = observe(stream);
  await stream.cancel('enough');
  assert.deepEqual(await settled(), { seen: '', ends: ['cancel'] });
});

test("a chunk reaches the observer after the caller's continuation; reads made at once still end after every chunk", async () => {
  const { stream } = source();
  const order: string[] = [];
  const ends: string[] = [];
  hookBody(stream, { onChunk: (c) => order.push(`observer ${text([c]).trim()}`), onEnd: (o) => ends.push(`${o.kind} after ${order.length}`) });
  const reader = stream.getReader();
  await reader.read();
  order.push('caller');
  await Promise.all([reader.read(), reader.read(), reader.read()]);
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(order, ['caller', 'observer alpha', 'observer beta', 'observer gamma']);
  assert.deepEqual(ends, ['done after 4']);
});

test('hooked twice (another copy of the library): the caller gets every chunk, the last hook observes them once', async () => {
  const { stream } = source();
  const first = observe(stream);
  const second = observe(stream);
  const got: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
  assert.equal(text(got), 'alpha beta gamma');
  assert.deepEqual(await second.settled(), { seen: 'alpha beta gamma', ends: ['done'] });
  assert.deepEqual(await first.settled(), { seen: '', ends: [] });
  // One hooked prototype over the class's own, however often the stream was hooked.
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(stream)), ReadableStream.prototype);
});

test("a hooked stream's methods taken off and called on a plain stream act as the plain stream's own", async () => {
  const hooked = source();
  const { settled } = observe(hooked.stream);
  const plain = source().stream;
  const reader = (hooked.stream.getReader as () => ReadableStreamDefaultReader<Uint8Array>).call(plain);
  const got: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) got.push(r.value);
  assert.equal(text(got), 'alpha beta gamma');
  assert.equal(Object.getPrototypeOf(plain), ReadableStream.prototype, 'the plain stream is left as it was');
  assert.deepEqual(await settled(), { seen: '', ends: [] });
});
