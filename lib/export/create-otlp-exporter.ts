import { OTLPTraceExporter as OTLPJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedConfig } from '../options/resolve-options-config.js';
import { exportTimeoutFor } from './export-timeout.js';

/**
 * The OTLP/HTTP exporter for a resolved config, in the configured encoding (JSON or protobuf), with the timeout that
 * suits its target. Shared by the Node and edge entries; the browser entry builds a JSON one itself, so protobufjs
 * stays out of page bundles.
 *
 * @example
 * const exporter = createOtlpExporter(resolveExportConfig(options, process.env, 'http/protobuf'));
 */
export function createOtlpExporter(config: ResolvedConfig): SpanExporter {
  const options = otlpExporterOptions(config);
  return config.protocol === 'http/json' ? new OTLPJsonExporter(options) : new OTLPProtoExporter(options);
}

/**
 * The options every OTLP exporter of ours is made with: the resolved target and headers, and the timeout that suits
 * the target.
 *
 * @example
 * new OTLPTraceExporter(otlpExporterOptions(config));
 */
export function otlpExporterOptions(config: ResolvedConfig): { url: string; headers: Record<string, string>; timeoutMillis: number } {
  return { url: config.url, headers: config.headers, timeoutMillis: exportTimeoutFor(config.url) };
}
