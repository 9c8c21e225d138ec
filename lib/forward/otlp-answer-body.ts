import { encodeRpcStatusProtobuf, encodeTraceResponseProtobuf } from './encode-otlp-protobuf.js';
import type { OtlpEncoding } from './decode-trace-body.js';

/** The body of an OTLP/HTTP answer with its Content-Type, in the encoding the request used. */
export interface OtlpAnswerBody {
  contentType: 'application/x-protobuf' | 'application/json';
  body: Uint8Array | string;
}

/**
 * The error body of an OTLP/HTTP answer: a `google.rpc.Status` with a `google.rpc.Code` and a message.
 * @example otlpStatusBody('json', 3, 'invalid JSON') // { contentType: 'application/json', body: '{"code":3,...}' }
 */
export function otlpStatusBody(encoding: OtlpEncoding, code: number, message: string): OtlpAnswerBody {
  return encoding === 'protobuf'
    ? { contentType: 'application/x-protobuf', body: encodeRpcStatusProtobuf(code, message) }
    : { contentType: 'application/json', body: JSON.stringify({ code, message }) };
}

/**
 * The body of a 200 answer to a traces export: an empty `ExportTraceServiceResponse`, or one with partial success
 * when some spans were rejected, or a warning (`rejectedSpans` 0 with a message, as the OTLP spec allows) when
 * everything was accepted but something is worth saying (e.g. spans that were already stored).
 * @example otlpSuccessBody('json', 1, 'invalid traceId') // body: '{"partialSuccess":{"rejectedSpans":"1",...}}'
 */
export function otlpSuccessBody(encoding: OtlpEncoding, rejectedSpans: number, errorMessage: string): OtlpAnswerBody {
  if (encoding === 'protobuf') {
    const partial = rejectedSpans || errorMessage ? { rejectedSpans, errorMessage } : undefined;
    return { contentType: 'application/x-protobuf', body: encodeTraceResponseProtobuf(partial) };
  }
  // proto3 JSON writes int64 as a string.
  const body = rejectedSpans || errorMessage ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {};
  return { contentType: 'application/json', body: JSON.stringify(body) };
}
