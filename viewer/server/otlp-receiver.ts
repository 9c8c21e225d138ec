import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AcceptOtlp, OtlpSignal } from '../../lib/receive/otlp-accept.js';
import { otlpHttpAnswer } from '../../lib/receive/otlp-http-answer.js';
import { receiveOtlp, type OtlpReceipt } from '../../lib/receive/receive-otlp.js';
import type { ConvertedJson } from '../../lib/receive/otlp-json-to-protobuf.js';
import type { BytesPool } from '../../lib/receive/read-otlp-body.js';
import type { BodyPool } from './body-pool.js';
import { refuseAfterDrain } from './read-body.js';

/**
 * Handles `POST /v1/traces`, `/v1/logs`, `/v1/metrics` per the OTLP/HTTP spec with the shared receive core: 200
 * (partial success when items were rejected), 400 with a google.rpc.Status body, 405, 413 (cap after decompression),
 * 415, 503 with Retry-After when `accept` is overloaded.
 * @example if (url.pathname === '/v1/traces') return handleOtlp(req, res, 'traces', { maxBodyBytes, accept });
 */
export async function handleOtlp(
  req: IncomingMessage,
  res: ServerResponse,
  signal: OtlpSignal,
  options: {
    maxBodyBytes: number;
    accept: AcceptOtlp;
    bodyPool?: BodyPool;
    convertJson?: (signal: OtlpSignal, body: Uint8Array, pool?: BytesPool) => ConvertedJson | Promise<ConvertedJson>;
  },
): Promise<void> {
  const length = Number(req.headers['content-length']);
  const receipt = await receiveOtlp(
    {
      signal,
      method: req.method,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'],
      contentLength: Number.isFinite(length) ? length : null,
      body: req,
    },
    { maxBodyBytes: options.maxBodyBytes, accept: options.accept, bodyPool: options.bodyPool, convertJson: options.convertJson },
  );
  sendOtlpAnswer(req, res, receipt);
}

/**
 * Sends the OTLP/HTTP answer of a receipt. A refused body that was not read to its end is drained first (up to a
 * bound), so the client reads the answer instead of a broken pipe, and the connection is closed after it.
 * @example sendOtlpAnswer(req, res, otlpRefusal('unavailable', 'traces', 'json', 'busy', 1));
 */
export function sendOtlpAnswer(req: IncomingMessage, res: ServerResponse, receipt: OtlpReceipt): void {
  const answer = otlpHttpAnswer(receipt);
  const send = () => {
    res.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
    res.end(answer.body);
  };
  if (receipt.bodyLeftUnread) refuseAfterDrain(req, res, send);
  else send();
}
