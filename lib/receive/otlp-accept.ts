/** The three OTLP signals a receiver takes. */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

/**
 * What an accept function did with a request: how many items (spans, log records, data points) it rejected, and an
 * optional message (partial success; `rejected` may be 0 with a warning message).
 */
export interface OtlpAccepted {
  rejected: number;
  errorMessage?: string;
}

/**
 * What every front door (the viewer's OTLP/HTTP and OTLP/gRPC receivers, the relay) hands a request to once the
 * receive core has checked it: the signal and the request as protobuf bytes (`ExportTraceServiceRequest`,
 * `ExportLogsServiceRequest`; JSON bodies are converted first). Metrics are not decoded by Tracelight: for them
 * `request` is the protobuf body as sent, or empty for a JSON body.
 *
 * `request` may be a view of a reused buffer: it is valid until `accept` returns (or its promise settles); copy what
 * you keep (`request.slice()`). Throw `OtlpDecodeError` for bytes that are not a valid message (answer 400 /
 * INVALID_ARGUMENT) and `OtlpOverloadedError` to ask the sender to retry later (503 + Retry-After / UNAVAILABLE).
 * @example const accept: AcceptOtlp = (signal, request) => (signal === 'traces' ? store.addProtobuf(request) : { rejected: 0 });
 */
export type AcceptOtlp = (signal: OtlpSignal, request: Uint8Array) => OtlpAccepted | Promise<OtlpAccepted>;

/**
 * Thrown by an accept function that cannot take the request now; the sender should retry after `retryAfterSeconds`.
 * @example throw new OtlpOverloadedError('span store is busy', 2);
 */
export class OtlpOverloadedError extends Error {
  override name = 'OtlpOverloadedError';
  constructor(
    message: string,
    readonly retryAfterSeconds = 1,
  ) {
    super(message);
  }
}
