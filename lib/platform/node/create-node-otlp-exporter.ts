import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { ProtobufTraceSerializer, TraceExporterMetricsHelper, type IExportTraceServiceResponse, type ISerializer } from '@opentelemetry/otlp-transformer';
import type { ResolvedConfig } from '../../options/resolve-options-config.js';
import { createOtlpExporter, otlpExporterOptions } from '../../export/create-otlp-exporter.js';
import { createSpansProtobufEncoder } from '../../export/encode-spans-protobuf.js';

/**
 * Node's OTLP/HTTP exporter. JSON is OpenTelemetry's exporter as is. Protobuf is OpenTelemetry's too (its HTTP
 * transport, retries, timeouts, environment configuration, response handling and self-metrics, built the way its
 * `OTLPTraceExporter` builds itself) with one part swapped: the request is encoded by `createSpansProtobufEncoder`,
 * which writes the same bytes for a fifth to a tenth of the CPU on spans that carry GenAI messages.
 *
 * @example
 * const exporter = createNodeOtlpExporter(resolveExportConfig(options, process.env, 'http/protobuf'));
 */
export function createNodeOtlpExporter(config: ResolvedConfig): SpanExporter {
  if (config.protocol === 'http/json') return createOtlpExporter(config);
  const serializer: ISerializer<ReadableSpan[], IExportTraceServiceResponse> = {
    serializeRequest: createSpansProtobufEncoder(),
    deserializeResponse: (data) => ProtobufTraceSerializer.deserializeResponse(data),
  };
  const delegate = createOtlpHttpExportDelegate(
    convertLegacyHttpOptions(otlpExporterOptions(config), 'TRACES', 'v1/traces', { 'Content-Type': 'application/x-protobuf' }),
    serializer,
    'otlp_http_span_exporter',
    TraceExporterMetricsHelper,
    undefined,
  );
  return new OTLPExporterBase(delegate);
}
