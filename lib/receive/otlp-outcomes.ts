/** google.rpc.Code values (the gRPC status codes) an OTLP receiver answers with. */
export const RpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;
export type RpcCode = (typeof RpcCode)[keyof typeof RpcCode];

/** How a request to an OTLP receiver ended, whatever the transport. */
export type OtlpOutcome =
  | 'accepted'
  | 'invalid'
  | 'forbidden'
  | 'method-not-allowed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'unavailable';

/**
 * The one table from outcome to the HTTP status and the gRPC status code (per the OTLP spec: 400 / INVALID_ARGUMENT
 * for undecodable data, 413 / RESOURCE_EXHAUSTED over the size cap, 503 / UNAVAILABLE to ask for a retry). The HTTP
 * error bodies carry the same code in their google.rpc.Status. Every front door answers from it, so they cannot drift.
 * @example OTLP_OUTCOMES['too-large'] // { http: 413, rpc: 8 }
 */
export const OTLP_OUTCOMES: Readonly<Record<OtlpOutcome, { http: number; rpc: RpcCode }>> = {
  accepted: { http: 200, rpc: RpcCode.OK },
  invalid: { http: 400, rpc: RpcCode.INVALID_ARGUMENT },
  forbidden: { http: 403, rpc: RpcCode.PERMISSION_DENIED },
  'method-not-allowed': { http: 405, rpc: RpcCode.UNIMPLEMENTED },
  'too-large': { http: 413, rpc: RpcCode.RESOURCE_EXHAUSTED },
  'unsupported-media-type': { http: 415, rpc: RpcCode.UNIMPLEMENTED },
  unavailable: { http: 503, rpc: RpcCode.UNAVAILABLE },
};
