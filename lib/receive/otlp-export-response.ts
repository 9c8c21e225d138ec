import { encodeOtlpMessage, getOtlpMessageTypes } from '../forward/otlp-message-types.js';
import { long } from '../forward/otlp-protobuf-values.js';
import type { OtlpSignal } from './otlp-accept.js';

// Each signal's Export*ServiceResponse has the same shape under its own names.
const REJECTED_FIELD: Record<OtlpSignal, 'rejectedSpans' | 'rejectedLogRecords' | 'rejectedDataPoints'> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

function hasPartialSuccess(rejected: number, errorMessage: string): boolean {
  return rejected > 0 || errorMessage !== '';
}

/**
 * The protobuf `Export{Trace,Logs,Metrics}ServiceResponse` of a signal: empty, or with partial success when items
 * were rejected or the receiver has a warning.
 * @example exportResponseProtobuf('logs', 1, 'invalid spanId') // ExportLogsServiceResponse bytes
 */
export function exportResponseProtobuf(signal: OtlpSignal, rejected: number, errorMessage: string): Uint8Array {
  const types = getOtlpMessageTypes();
  const type = signal === 'traces' ? types.response : signal === 'logs' ? types.logsResponse : types.metricsResponse;
  const message = hasPartialSuccess(rejected, errorMessage)
    ? { partialSuccess: { [REJECTED_FIELD[signal]]: long(String(rejected)), errorMessage } }
    : {};
  return encodeOtlpMessage(type, message);
}

/**
 * The same response in OTLP/JSON (int64 as a decimal string, as proto3 JSON writes it).
 * @example exportResponseJson('traces', 2, 'invalid traceId') // '{"partialSuccess":{"rejectedSpans":"2","errorMessage":"invalid traceId"}}'
 */
export function exportResponseJson(signal: OtlpSignal, rejected: number, errorMessage: string): string {
  if (!hasPartialSuccess(rejected, errorMessage)) return '{}';
  return JSON.stringify({ partialSuccess: { [REJECTED_FIELD[signal]]: String(rejected), errorMessage } });
}

/**
 * A `google.rpc.Status`, with a `google.rpc.RetryInfo` detail when a retry delay is given (what gRPC senders read
 * from `grpc-status-details-bin` to know when to retry).
 * @example rpcStatusProtobuf(14, 'busy', 2)
 */
export function rpcStatusProtobuf(code: number, message: string, retryAfterSeconds?: number): Uint8Array {
  const types = getOtlpMessageTypes();
  const details =
    retryAfterSeconds === undefined
      ? []
      : [
          {
            typeUrl: 'type.googleapis.com/google.rpc.RetryInfo',
            value: encodeOtlpMessage(types.retryInfo, { retryDelay: { seconds: long(String(Math.ceil(retryAfterSeconds))), nanos: 0 } }),
          },
        ];
  return encodeOtlpMessage(types.rpcStatus, { code, message, details });
}
