import { BodyError } from '../forward/body-error.js';

/**
 * Reads a Web `Request` body up to `maxBytes` AFTER decompression (gzip/deflate via `DecompressionStream`),
 * streaming, so a decompression bomb is cut off early. Throws `BodyError`.
 * @example const bytes = await readRequestBody(request, 5 * 1024 * 1024);
 */
export async function readRequestBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '' && encoding !== 'gzip' && encoding !== 'deflate') {
    throw new BodyError(415, `unsupported Content-Encoding "${encoding}"`);
  }
  if (encoding !== 'gzip' && encoding !== 'deflate' && Number.isFinite(declared) && declared > maxBytes) {
    throw new BodyError(413, `body is over the ${maxBytes}-byte limit`);
  }
  if (!request.body) return new Uint8Array(0);
  let stream: ReadableStream<Uint8Array> = request.body;
  if (encoding === 'gzip' || encoding === 'deflate') {
    stream = stream.pipeThrough(new DecompressionStream(encoding) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  }
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        void reader.cancel().catch(() => undefined);
        throw new BodyError(413, `body is over the ${maxBytes}-byte limit after decompression`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError(400, `could not read body: ${(error as Error).message}`);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
