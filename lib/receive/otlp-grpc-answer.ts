import { OTLP_OUTCOMES } from './otlp-outcomes.js';
import { exportResponseProtobuf, rpcStatusProtobuf } from './otlp-export-response.js';
import type { OtlpReceipt } from './receive-otlp.js';

/** An OTLP/gRPC answer: a status code with its message, and the response message or the rich status details. */
export interface OtlpGrpcAnswer {
  code: number;
  details: string;
  /** The export response (code OK). */
  response?: Uint8Array;
  /** A serialized google.rpc.Status for the `grpc-status-details-bin` trailer (with RetryInfo when retryable). */
  statusDetails?: Uint8Array;
}

/**
 * The OTLP/gRPC answer to a receipt, from the same table as HTTP's: OK with the signal's export response (partial
 * success included), or INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNAVAILABLE (with RetryInfo), UNIMPLEMENTED ...
 * @example const answer = otlpGrpcAnswer(receipt); if (answer.code === 0) callback(null, answer.response);
 */
export function otlpGrpcAnswer(receipt: OtlpReceipt): OtlpGrpcAnswer {
  const { rpc } = OTLP_OUTCOMES[receipt.outcome];
  if (receipt.outcome === 'accepted') {
    return { code: rpc, details: 'OK', response: exportResponseProtobuf(receipt.signal, receipt.rejected, receipt.message) };
  }
  return { code: rpc, details: receipt.message, statusDetails: rpcStatusProtobuf(rpc, receipt.message, receipt.retryAfterSeconds) };
}
