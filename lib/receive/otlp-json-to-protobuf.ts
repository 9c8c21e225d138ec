import { encodeLogsRequestProtobuf } from '../forward/encode-otlp-protobuf.js';
import { OtlpDecodeError } from '../forward/otlp-types.js';
import { readLogsRequestJson } from '../forward/read-otlp-logs-json.js';
import { writeTraceRequestJson } from './write-trace-request-json.js';
import type { OtlpSignal } from './otlp-accept.js';
import type { BytesPool } from './read-otlp-body.js';

/** An OTLP/JSON body turned into protobuf, with what the JSON reader and the id checks left out. */
export interface ConvertedJson {
  request: Uint8Array;
  rejected: number;
  errors: string[];
  /** `request` is a view, from its start, of a buffer taken from the pool passed in: give it back when done. */
  pooled?: boolean;
}

const EMPTY = new Uint8Array(0);

/**
 * Parses an OTLP/JSON body and re-encodes it as the protobuf export request of its signal, so everything behind a
 * front door sees one format. Spans the reader or the id check rejects, and log records the reader rejects, are
 * left out and counted
 * (partial success); metrics are only checked to be a JSON object (Tracelight drops them). Throws `OtlpDecodeError`
 * for a body that is not JSON or not an export request at all. With a `pool`, a traces request is written into a
 * buffer from it (`pooled` says so).
 * @example const { request, rejected } = otlpJsonToProtobuf('logs', bytes);
 */
export function otlpJsonToProtobuf(signal: OtlpSignal, bytes: Uint8Array, pool?: BytesPool): ConvertedJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
  if (signal === 'traces') {
    // Written into a pooled buffer when there is a pool: a fresh one of this size per request costs more than the
    // writing (its pages are faulted in, and freed, every time).
    const into = pool?.take(bytes.length);
    let written;
    try {
      written = writeTraceRequestJson(parsed, bytes.length, into);
    } catch (error) {
      if (into) pool!.give(into);
      throw error;
    }
    const pooled = into !== undefined && written.request.buffer === into.buffer;
    if (into && !pooled) pool!.give(into); // the request outgrew it
    return { ...written, pooled };
  }
  if (signal === 'logs') {
    // Log ids are judged where protobuf ones are (the accept function): a record without a usable trace context is
    // not an error, only one that cannot be joined to a span.
    const read = readLogsRequestJson(parsed);
    return { request: encodeLogsRequestProtobuf(read.request), rejected: read.rejectedLogRecords, errors: read.errors };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new OtlpDecodeError('body must be a JSON object');
  return { request: EMPTY, rejected: 0, errors: [] };
}
