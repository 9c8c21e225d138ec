import { BodyError } from '../forward/body-error.js';
import { otlpEncodingOf, type OtlpEncoding } from '../forward/decode-trace-body.js';
import { OtlpDecodeError } from '../forward/otlp-types.js';
import { contentCodingOf } from './content-coding.js';
import { OtlpOverloadedError, type AcceptOtlp, type OtlpSignal } from './otlp-accept.js';
import { otlpJsonToProtobuf, type ConvertedJson } from './otlp-json-to-protobuf.js';
import type { OtlpOutcome } from './otlp-outcomes.js';
import { readOtlpBody, type BytesPool, type OtlpBodySource } from './read-otlp-body.js';

/** One request as a front door hands it to the receive core. */
export interface OtlpIncoming {
  signal: OtlpSignal;
  /** The HTTP method (HTTP doors only; anything but POST is refused with 405). */
  method?: string;
  /** The Content-Type header (gRPC doors pass `application/x-protobuf`). */
  contentType: string | null | undefined;
  /** The Content-Encoding header (gRPC decompresses itself: none). */
  contentEncoding?: string | null;
  /** The declared Content-Length, if any. */
  contentLength?: number | null;
  body: OtlpBodySource;
}

/** Options of `receiveOtlp`, set once per front door. */
export interface ReceiveOtlpOptions {
  /** Largest body accepted, after decompression. */
  maxBodyBytes: number;
  accept: AcceptOtlp;
  /** Reuse body buffers (the viewer's, to keep resident memory flat under ingest). */
  bodyPool?: BytesPool;
  /**
   * Converts a JSON body (default `otlpJsonToProtobuf`, inline). The viewer passes one that moves big bodies to a
   * worker thread; the body's buffer is given back to the pool once the returned promise settles.
   */
  convertJson?: (signal: OtlpSignal, body: Uint8Array, pool?: BytesPool) => ConvertedJson | Promise<ConvertedJson>;
}

/** How the core answered a request, before any transport turns it into an HTTP or gRPC answer. */
export interface OtlpReceipt {
  outcome: OtlpOutcome;
  signal: OtlpSignal;
  /** The encoding of the answer body: the request's, or JSON when the request named none the core knows. */
  encoding: OtlpEncoding;
  /** Items rejected (partial success); 0 on refusals. */
  rejected: number;
  /** The partial success message, or why the request was refused. */
  message: string;
  /** For `unavailable`: when the sender should retry. */
  retryAfterSeconds?: number;
  /** The body was not read to its end: an HTTP server should close the connection after answering. */
  bodyLeftUnread: boolean;
}

/**
 * A refusal decided at the door itself (a foreign origin, a relay with no target), answered from the same table.
 * @example otlpRefusal('forbidden', 'traces', 'json', 'origin not allowed')
 */
export function otlpRefusal(
  outcome: Exclude<OtlpOutcome, 'accepted'>,
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  message: string,
  retryAfterSeconds?: number,
): OtlpReceipt {
  return { outcome, signal, encoding, rejected: 0, message, retryAfterSeconds, bodyLeftUnread: true };
}

/**
 * The receive core shared by every front door (the viewer's OTLP/HTTP and OTLP/gRPC receivers, the relay): checks the
 * method, content type and content encoding, reads the body within the size cap (after decompression), turns a JSON
 * body into the protobuf export request, hands the protobuf bytes to `accept`, and says how it ended. It never
 * throws for anything a sender did; an error `accept` throws that is neither `OtlpDecodeError` nor
 * `OtlpOverloadedError` is rethrown (a bug: the door answers 500 / INTERNAL).
 * @example
 * const receipt = await receiveOtlp({ signal: 'traces', method: req.method, contentType, contentEncoding, body }, { maxBodyBytes, accept });
 * const answer = otlpHttpAnswer(receipt);
 */
export async function receiveOtlp(incoming: OtlpIncoming, options: ReceiveOtlpOptions): Promise<OtlpReceipt> {
  const { signal } = incoming;
  const encoding = otlpEncodingOf(incoming.contentType);
  const refuse = (outcome: Exclude<OtlpOutcome, 'accepted'>, message: string, unread = true, retryAfterSeconds?: number) =>
    ({ ...otlpRefusal(outcome, signal, encoding ?? 'json', message, retryAfterSeconds), bodyLeftUnread: unread });

  if (incoming.method !== undefined && incoming.method !== 'POST') {
    return refuse('method-not-allowed', `method ${incoming.method} not allowed; use POST`);
  }
  if (!encoding) return refuse('unsupported-media-type', 'Content-Type must be application/x-protobuf or application/json');
  const coding = contentCodingOf(incoming.contentEncoding);
  if (!coding) return refuse('unsupported-media-type', `unsupported Content-Encoding "${String(incoming.contentEncoding).trim().slice(0, 40)}"`);

  let body;
  try {
    body = await readOtlpBody(incoming.body, {
      coding,
      maxBytes: options.maxBodyBytes,
      declaredLength: incoming.contentLength,
      pool: options.bodyPool,
    });
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    return refuse(error.status === 413 ? 'too-large' : 'invalid', error.message);
  }

  let request = body.bytes;
  let rejected = 0;
  const errors: string[] = [];
  try {
    if (encoding === 'json') {
      let converted;
      try {
        converted = await (options.convertJson ?? otlpJsonToProtobuf)(signal, body.bytes, options.bodyPool);
      } finally {
        // The JSON text was copied out by the parser (or to the worker): the body's buffer is free again.
        if (body.pooled) options.bodyPool?.give(body.bytes);
        body = { ...body, pooled: false };
      }
      request = converted.request;
      rejected = converted.rejected;
      errors.push(...converted.errors);
      // The protobuf written from the JSON goes back to the pool after `accept`, as a protobuf body does (`accept`
      // must not keep the bytes it is given: the viewer's store and the forwarder copy what they keep).
      if (converted.pooled) body = { bytes: converted.request, pooled: true };
    }
    const accepted = await options.accept(signal, request);
    rejected += accepted.rejected;
    if (accepted.errorMessage) errors.push(accepted.errorMessage);
  } catch (error) {
    if (error instanceof OtlpDecodeError) return refuse('invalid', error.message, false);
    if (error instanceof OtlpOverloadedError) return refuse('unavailable', error.message, false, error.retryAfterSeconds);
    throw error;
  } finally {
    if (body.pooled) options.bodyPool?.give(body.bytes);
  }
  return { outcome: 'accepted', signal, encoding, rejected, message: errors.join('; '), bodyLeftUnread: false };
}
