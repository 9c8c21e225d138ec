import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { BodyError } from '../../lib/forward/body-error.js';
import type { BodyPool } from './body-pool.js';

/**
 * Reads a request body up to `maxBytes` AFTER decompression (gzip or deflate), streaming: a decompression bomb is
 * cut off as soon as its output passes the cap, so it never sits in memory. Throws `BodyError`. With a `pool`, the
 * body is copied into a pooled buffer, which the caller gives back once done with it.
 * @example const bytes = await readBody(req, 32 * 1024 * 1024);
 */
export async function readBody(req: IncomingMessage, maxBytes: number, pool?: BodyPool): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let stream: NodeJS.ReadableStream = req;
  let zlib: Gunzip | Inflate | undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') zlib = createGunzip();
  else if (encoding === 'deflate') zlib = createInflate();
  else if (encoding !== 'identity' && encoding !== '') throw new BodyError(415, `unsupported Content-Encoding "${encoding}"`);
  const declared = Number(req.headers['content-length']);
  if (!zlib && Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyError(413, `body of ${declared} bytes is over the ${maxBytes}-byte limit`);
  }
  if (zlib) stream = req.pipe(zlib);

  const chunks: Buffer[] = [];
  let total = 0;
  let into = pool?.take(Number.isFinite(declared) && !zlib ? declared : 0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (total + chunk.length > maxBytes) throw new BodyError(413, `body is over the ${maxBytes}-byte limit after decompression`);
      if (into && pool) {
        if (total + chunk.length > into.length) {
          const bigger = pool.take(total + chunk.length);
          into.copy(bigger, 0, 0, total);
          pool.give(into);
          into = bigger;
        }
        chunk.copy(into, total);
      } else chunks.push(chunk);
      total += chunk.length;
    }
  } catch (error) {
    zlib?.destroy();
    if (into) pool?.give(into);
    if (error instanceof BodyError) throw error;
    throw new BodyError(400, `could not read body: ${(error as Error).message}`);
  }
  if (into) return into.subarray(0, total);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/**
 * Answers a request whose body is refused (too big, wrong encoding) only once the client has finished sending it, so
 * the client reads the answer instead of a broken pipe; a client still sending after `drainLimit` more bytes is
 * answered and cut off. The connection is closed after the answer.
 * @example refuseAfterDrain(req, res, () => sendJson(res, 413, { error: 'too big' }));
 */
export function refuseAfterDrain(req: IncomingMessage, res: ServerResponse, answer: () => void, drainLimit = 64 * 1024 * 1024): void {
  let drained = 0;
  let answered = false;
  const finish = (cut: boolean) => {
    if (answered) return;
    answered = true;
    res.setHeader('Connection', 'close');
    answer();
    if (cut) res.on('finish', () => req.socket.destroy());
  };
  if (req.complete || req.readableEnded) return finish(false);
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > drainLimit) finish(true);
  });
  req.on('end', () => finish(false));
  req.on('error', () => finish(true));
  req.resume();
}
