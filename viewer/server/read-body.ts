import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError } from '../../lib/forward/body-error.js';
import { contentCodingOf } from '../../lib/receive/content-coding.js';
import { readOtlpBody } from '../../lib/receive/read-otlp-body.js';
import type { BodyPool } from './body-pool.js';

/**
 * Reads a Node request body with the receive core's reader (same codings, same cap after decompression as the OTLP
 * receivers and the relay). Throws `BodyError` (415 unknown Content-Encoding, 413, 400). With a `pool`, the body is a
 * view of a pooled buffer, which the caller gives back once done with it.
 * @example const bytes = await readBody(req, 32 * 1024 * 1024);
 */
export async function readBody(req: IncomingMessage, maxBytes: number, pool?: BodyPool): Promise<Buffer> {
  const header = req.headers['content-encoding'];
  const coding = contentCodingOf(header);
  if (!coding) throw new BodyError(415, `unsupported Content-Encoding "${String(header).trim().slice(0, 40)}"`);
  const declared = Number(req.headers['content-length']);
  const { bytes } = await readOtlpBody(req, { coding, maxBytes, declaredLength: Number.isFinite(declared) ? declared : null, pool });
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
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
