import { decodeTraceRequestProtobuf } from './decode-otlp-protobuf.js';
import type { OtlpEncoding } from './decode-trace-body.js';
import { encodeTraceRequestProtobuf } from './encode-otlp-protobuf.js';
import type { OtlpTraceRequest } from './otlp-types.js';
import { stripContent } from './strip-content.js';

/** What callers hand the forwarder: protobuf `ExportTraceServiceRequest` bytes, or an already decoded request. */
export type ForwardRequest = Uint8Array | OtlpTraceRequest;

/** A request encoded for upstream; `bytes` is what a batch concatenates (see `batchBody`). */
export interface EncodedPayload {
  bytes: Uint8Array;
  encoding: OtlpEncoding;
}

/**
 * Turns requests into what goes upstream. Protobuf bytes that need no stripping go as they are (copied once, since a
 * receiver may reuse its buffer); stripping decodes, strips and re-encodes. Where the runtime forbids the code
 * generation protobufjs relies on (edge runtimes without `new Function`), it switches to OTLP JSON for good.
 * @example
 * const encoder = new PayloadEncoder('protobuf');
 * const payload = encoder.encode(bytes, false);
 */
export class PayloadEncoder {
  constructor(public encoding: OtlpEncoding) {}

  /** Null when the request holds no resource spans. Throws `OtlpDecodeError` for bytes that are not a request. */
  encode(request: ForwardRequest, strip: boolean): EncodedPayload | null {
    if (request instanceof Uint8Array && !strip && this.encoding === 'protobuf') {
      // A copy (`new Uint8Array(view)` copies; a Node Buffer's `slice` would not): the caller may reuse its buffer.
      return request.byteLength ? { bytes: new Uint8Array(request), encoding: 'protobuf' } : null;
    }
    let decoded = request instanceof Uint8Array ? decodeTraceRequestProtobuf(request) : request;
    if (strip) decoded = stripContent(decoded);
    if (!decoded.resourceSpans.length) return null;
    if (this.encoding === 'protobuf') {
      try {
        return { bytes: encodeTraceRequestProtobuf(decoded), encoding: 'protobuf' };
      } catch (error) {
        // EvalError: code generation from strings disallowed (Cloudflare Workers, Vercel Edge). JSON needs none.
        if ((error as Error).name !== 'EvalError') throw error;
        this.encoding = 'json';
      }
    }
    // The array's elements only: batches join items into one `{"resourceSpans":[...]}`.
    return { bytes: TEXT.encode(JSON.stringify(decoded.resourceSpans).slice(1, -1)), encoding: 'json' };
  }
}

const TEXT = new TextEncoder();

/**
 * One request body from a batch of encoded items: protobuf messages concatenate into one (`resourceSpans` is the
 * request's only field, and repeated fields of concatenated messages append), JSON items join into one array.
 * @example const body = batchBody(items, 'protobuf');
 */
export function batchBody(items: ReadonlyArray<{ bytes: Uint8Array }>, encoding: OtlpEncoding): Uint8Array {
  const open = encoding === 'json' ? JSON_OPEN : EMPTY;
  const close = encoding === 'json' ? JSON_CLOSE : EMPTY;
  if (items.length === 1 && encoding === 'protobuf') return items[0]!.bytes;
  let size = open.length + close.length + (encoding === 'json' ? Math.max(0, items.length - 1) : 0);
  for (const item of items) size += item.bytes.byteLength;
  const out = new Uint8Array(size);
  out.set(open, 0);
  let at = open.length;
  items.forEach((item, i) => {
    if (i > 0 && encoding === 'json') out[at++] = COMMA;
    out.set(item.bytes, at);
    at += item.bytes.byteLength;
  });
  out.set(close, at);
  return out;
}

const EMPTY = new Uint8Array(0);
const JSON_OPEN = new TextEncoder().encode('{"resourceSpans":[');
const JSON_CLOSE = new TextEncoder().encode(']}');
const COMMA = 44;
