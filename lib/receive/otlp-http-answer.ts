import { OTLP_OUTCOMES } from './otlp-outcomes.js';
import { exportResponseJson, exportResponseProtobuf, rpcStatusProtobuf } from './otlp-export-response.js';
import type { OtlpReceipt } from './receive-otlp.js';

/** An OTLP/HTTP answer, ready for any HTTP server. */
export interface OtlpHttpAnswer {
  status: number;
  /** Content-Type, plus Retry-After (503) and Allow (405) where they apply. */
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/**
 * The OTLP/HTTP answer to a receipt, in the request's encoding: 200 with the signal's export response (partial
 * success when items were rejected), or the status of `OTLP_OUTCOMES` with a google.rpc.Status body carrying the
 * same table's code; 503 says when to retry (Retry-After).
 * @example const { status, headers, body } = otlpHttpAnswer(receipt);
 */
export function otlpHttpAnswer(receipt: OtlpReceipt): OtlpHttpAnswer {
  const { http, rpc } = OTLP_OUTCOMES[receipt.outcome];
  const protobuf = receipt.encoding === 'protobuf';
  const headers: Record<string, string> = { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' };
  if (receipt.outcome === 'method-not-allowed') headers.allow = 'POST, OPTIONS';
  if (receipt.retryAfterSeconds !== undefined) headers['retry-after'] = String(Math.ceil(receipt.retryAfterSeconds));
  if (receipt.outcome === 'accepted') {
    const body = protobuf
      ? exportResponseProtobuf(receipt.signal, receipt.rejected, receipt.message)
      : exportResponseJson(receipt.signal, receipt.rejected, receipt.message);
    return { status: http, headers, body };
  }
  const body = protobuf ? rpcStatusProtobuf(rpc, receipt.message) : JSON.stringify({ code: rpc, message: receipt.message });
  return { status: http, headers, body };
}
