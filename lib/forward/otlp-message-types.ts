import protobuf from 'protobufjs';
import { OTLP_TRACE_PROTO } from './otlp-proto-schema.js';

/** The protobufjs message types Tracelight reads and writes. */
export interface OtlpMessageTypes {
  request: protobuf.Type;
  response: protobuf.Type;
  rpcStatus: protobuf.Type;
  /** One span, resource, scope or attribute value: the span store keeps spans as these messages' bytes. */
  span: protobuf.Type;
  resource: protobuf.Type;
  scope: protobuf.Type;
  anyValue: protobuf.Type;
  logsRequest: protobuf.Type;
  logRecord: protobuf.Type;
}

let cached: OtlpMessageTypes | undefined;

/**
 * Parses the vendored OTLP schema once, on first use (never at import time), and returns its message types.
 * The parsed schema is immutable, so sharing it across servers and relays is safe.
 * @example const { request } = getOtlpMessageTypes(); request.decode(bytes)
 */
export function getOtlpMessageTypes(): OtlpMessageTypes {
  if (!cached) {
    const root = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: false }).root;
    cached = {
      request: root.lookupType('opentelemetry.proto.ExportTraceServiceRequest'),
      response: root.lookupType('opentelemetry.proto.ExportTraceServiceResponse'),
      rpcStatus: root.lookupType('opentelemetry.proto.RpcStatus'),
      span: root.lookupType('opentelemetry.proto.Span'),
      resource: root.lookupType('opentelemetry.proto.Resource'),
      scope: root.lookupType('opentelemetry.proto.InstrumentationScope'),
      anyValue: root.lookupType('opentelemetry.proto.AnyValue'),
      logsRequest: root.lookupType('opentelemetry.proto.ExportLogsServiceRequest'),
      logRecord: root.lookupType('opentelemetry.proto.LogRecord'),
    };
  }
  return cached;
}
