import protobuf from 'protobufjs';
import { OTLP_PROTO } from './otlp-proto-schema.js';
import { interpretDecode, interpretEncode } from './protobuf-interpreter.js';

/** The protobufjs message types Tracelight reads and writes. */
export interface OtlpMessageTypes {
  request: protobuf.Type;
  response: protobuf.Type;
  logsRequest: protobuf.Type;
  logsResponse: protobuf.Type;
  metricsResponse: protobuf.Type;
  rpcStatus: protobuf.Type;
  retryInfo: protobuf.Type;
  /** One span, resource, scope, attribute value or log record: the span store keeps them as these messages' bytes. */
  span: protobuf.Type;
  resource: protobuf.Type;
  scope: protobuf.Type;
  anyValue: protobuf.Type;
  logRecord: protobuf.Type;
}

let cached: OtlpMessageTypes | undefined;

/**
 * Parses the vendored OTLP schema once, on first use (never at import time), and returns its message types.
 * The parsed schema is immutable, so sharing it across servers and relays is safe.
 * @example const { request } = getOtlpMessageTypes(); decodeOtlpMessage(request, bytes)
 */
export function getOtlpMessageTypes(): OtlpMessageTypes {
  if (!cached) {
    const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
    const type = (name: string) => root.lookupType(`opentelemetry.proto.${name}`);
    cached = {
      request: type('ExportTraceServiceRequest'),
      response: type('ExportTraceServiceResponse'),
      logsRequest: type('ExportLogsServiceRequest'),
      logsResponse: type('ExportLogsServiceResponse'),
      metricsResponse: type('ExportMetricsServiceResponse'),
      rpcStatus: type('RpcStatus'),
      retryInfo: type('RpcRetryInfo'),
      span: type('Span'),
      resource: type('Resource'),
      scope: type('InstrumentationScope'),
      anyValue: type('AnyValue'),
      logRecord: type('LogRecord'),
    };
  }
  return cached;
}

// Whether this runtime lets protobufjs compile its codecs (`new Function`). Found out on first use; where it does
// not (edge runtimes), the interpreter walks the same schema, a little slower, with the same result.
let compiled = true;

function isNoCodegen(error: unknown): boolean {
  return error instanceof Error && (error.name === 'EvalError' || /code generation/i.test(error.message));
}

/**
 * Decodes protobuf bytes as `type`: compiled where the runtime allows it, interpreted elsewhere. Throws protobufjs'
 * errors on malformed data.
 * @example const message = decodeOtlpMessage(getOtlpMessageTypes().logsRequest, bytes);
 */
export function decodeOtlpMessage(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  if (compiled) {
    try {
      return type.decode(bytes) as unknown as Record<string, unknown>;
    } catch (error) {
      if (!isNoCodegen(error)) throw error;
      compiled = false;
    }
  }
  return interpretDecode(type, bytes);
}

/**
 * Encodes a plain message as `type`: compiled where the runtime allows it, interpreted elsewhere.
 * @example const bytes = encodeOtlpMessage(getOtlpMessageTypes().rpcStatus, { code: 3, message: 'bad' });
 */
export function encodeOtlpMessage(type: protobuf.Type, message: object): Uint8Array {
  if (compiled) {
    try {
      return type.encode(message).finish();
    } catch (error) {
      if (!isNoCodegen(error)) throw error;
      compiled = false;
    }
  }
  return interpretEncode(type, message as Record<string, unknown>);
}
