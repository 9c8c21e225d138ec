import { decodeTraceBody } from '../../lib/forward/decode-trace-body.js';
import { encodeTraceRequestProtobuf } from '../../lib/forward/encode-otlp-protobuf.js';

/** An OTLP/HTTP JSON body in the protobuf form every front door hands on, with what the JSON reader refused. */
export interface JsonConversion {
  request: Uint8Array;
  rejected: number;
  errors: string[];
}

/**
 * Reads an OTLP/HTTP JSON body and encodes it as protobuf. Throws `OtlpDecodeError` for unreadable JSON.
 * @example const { request, rejected } = otlpJsonToProtobuf('traces', body);
 */
export function otlpJsonToProtobuf(signal: 'traces' | 'logs', body: Uint8Array): JsonConversion {
  if (signal !== 'traces') throw new Error(`no JSON reader for ${signal}`);
  const decoded = decodeTraceBody(body, 'json');
  return { request: encodeTraceRequestProtobuf(decoded.request), rejected: decoded.rejectedSpans, errors: decoded.errors };
}
