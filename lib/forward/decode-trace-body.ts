import { decodeTraceRequestProtobuf } from './decode-otlp-protobuf.js';
import { OtlpDecodeError } from './otlp-types.js';
import { readTraceRequestJson } from './read-otlp-json.js';
import { filterValidSpans, type ValidatedRequest } from './validate-otlp-spans.js';

/** The two OTLP/HTTP body encodings. */
export type OtlpEncoding = 'protobuf' | 'json';

/**
 * The OTLP encoding a Content-Type names (parameters ignored); null for anything else (the receiver answers 415).
 * @example otlpEncodingOf('application/json; charset=utf-8') // 'json'
 */
export function otlpEncodingOf(contentType: string | null | undefined): OtlpEncoding | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return null;
}

/**
 * Decodes an OTLP/HTTP traces body of the given encoding into a validated canonical request: spans the JSON reader
 * or the id check rejected are left out and counted. Throws `OtlpDecodeError` for undecodable data. Shared by the
 * viewer's receiver and the relay, so both accept and reject exactly the same.
 * @example const { request, rejectedSpans } = decodeTraceBody(bytes, 'json');
 */
export function decodeTraceBody(bytes: Uint8Array, encoding: OtlpEncoding): ValidatedRequest {
  if (encoding === 'protobuf') return filterValidSpans(decodeTraceRequestProtobuf(bytes));
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  const read = readTraceRequestJson(parsed);
  const valid = filterValidSpans(read.request);
  return {
    request: valid.request,
    rejectedSpans: read.rejectedSpans + valid.rejectedSpans,
    errors: [...read.errors, ...valid.errors],
  };
}
