import type { IncomingMessage, ServerResponse } from 'node:http';
import { otlpEncodingOf, type OtlpEncoding } from '../../lib/forward/decode-trace-body.js';
import { otlpStatusBody, otlpSuccessBody, type OtlpAnswerBody } from '../../lib/forward/otlp-answer-body.js';
import { BodyError } from '../../lib/forward/body-error.js';
import { OtlpDecodeError } from '../../lib/forward/otlp-types.js';
import { otlpJsonToProtobuf } from './otlp-json-to-protobuf.js';
import type { JsonConverter } from './convert-otlp-json.js';
import { readBody } from './read-body.js';
import type { BodyPool } from './body-pool.js';

/** What the receiver hands on: a request in protobuf form (JSON bodies are converted), and what became of it. */
export type AcceptOtlp = (signal: 'traces' | 'logs', request: Uint8Array) => { rejected: number; errorMessage?: string };

// google.rpc.Code values used in error bodies.
const INVALID_ARGUMENT = 3;
const RESOURCE_EXHAUSTED = 8;
const UNIMPLEMENTED = 12;

function send(res: ServerResponse, http: number, answer: OtlpAnswerBody): void {
  res.statusCode = http;
  res.setHeader('Content-Type', answer.contentType);
  res.end(answer.body);
}

function sendStatus(res: ServerResponse, http: number, encoding: OtlpEncoding, code: number, message: string): void {
  send(res, http, otlpStatusBody(encoding, code, message));
}

/**
 * Handles `POST /v1/traces`, `/v1/metrics`, `/v1/logs` per the OTLP/HTTP spec: 200 (partial success when spans were
 * rejected), 400 with a google.rpc.Status body, 405, 413 (cap after decompression), 415. Metrics and logs are
 * accepted and discarded so apps that export every signal do not log errors.
 * @example if (url.pathname === '/v1/traces') return handleOtlp(req, res, 'traces', { maxBodyBytes, accept });
 */
export async function handleOtlp(
  req: IncomingMessage,
  res: ServerResponse,
  signal: 'traces' | 'metrics' | 'logs',
  options: { maxBodyBytes: number; accept: AcceptOtlp; bodyPool?: BodyPool; convertJson?: JsonConverter['convert'] },
): Promise<void> {
  const encoding = otlpEncodingOf(req.headers['content-type']);
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST, OPTIONS');
    sendStatus(res, 405, encoding ?? 'json', UNIMPLEMENTED, `method ${req.method} not allowed; use POST`);
    return;
  }
  if (!encoding) {
    res.setHeader('Connection', 'close');
    sendStatus(res, 415, 'json', INVALID_ARGUMENT, 'Content-Type must be application/x-protobuf or application/json');
    return;
  }
  let bytes: Buffer;
  try {
    bytes = await readBody(req, options.maxBodyBytes, options.bodyPool);
  } catch (error) {
    const e = error instanceof BodyError ? error : new BodyError(400, String(error));
    // The rest of an oversized body is not read: close the connection instead of draining it.
    res.setHeader('Connection', 'close');
    sendStatus(res, e.status, encoding, e.status === 413 ? RESOURCE_EXHAUSTED : INVALID_ARGUMENT, e.message);
    return;
  }
  if (signal === 'metrics' || (signal === 'logs' && encoding === 'json')) {
    options.bodyPool?.give(bytes);
    res.statusCode = 200;
    res.setHeader('Content-Type', encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json');
    res.end(encoding === 'protobuf' ? new Uint8Array(0) : '{}');
    return;
  }
  let rejected = 0;
  const errors: string[] = [];
  try {
    let request: Uint8Array = bytes;
    if (encoding === 'json') {
      const converted = await (options.convertJson ?? (async (s, b) => otlpJsonToProtobuf(s, b)))(signal, bytes);
      rejected += converted.rejected;
      errors.push(...converted.errors);
      request = converted.request;
    }
    const accepted = options.accept(signal, request);
    rejected += accepted.rejected;
    if (accepted.errorMessage) errors.push(accepted.errorMessage);
  } catch (error) {
    if (!(error instanceof OtlpDecodeError)) throw error;
    sendStatus(res, 400, encoding, INVALID_ARGUMENT, error.message);
    return;
  } finally {
    // The store copies what it keeps: nothing refers to the body's bytes any more.
    options.bodyPool?.give(bytes);
  }
  send(res, 200, otlpSuccessBody(encoding, rejected, errors.join('; ')));
}
