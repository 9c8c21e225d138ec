import type { InitOptions, OtlpProtocol } from './init-options.js';
import { parseHeaderList } from './parse-header-list.js';
import { nonEmpty, resolveOptionsConfig, withTracesPath, type ResolvedConfig } from './resolve-options-config.js';

/** Environment variables as a plain record (Node passes `process.env`; other platforms pass nothing). */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/**
 * Resolves export target, headers, service name, protocol, mode and content capture. Order (first match wins):
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (as is) > `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces` >
 * `TRACELOOP_BASE_URL` + `/v1/traces` > `options.endpoint` > Traceloop when `TRACELOOP_API_KEY`/`options.apiKey` is
 * set > `http://localhost:4318/v1/traces`. Headers: `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TRACES_HEADERS`,
 * `TRACELOOP_HEADERS` (`k=v,k2=v2`, URL-decoded), `options.headers`, then `Authorization: Bearer <key>` when a key is
 * set. Service name: `OTEL_SERVICE_NAME`, else `options.serviceName`. Content capture is off when
 * `TRACELOOP_TRACE_CONTENT=false`, `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false` or
 * `options.captureContent === false`.
 *
 * @example
 * resolveExportConfig({ serviceName: 'bot' }, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http/protobuf').url;
 * // 'http://collector:4318/v1/traces'
 */
export function resolveExportConfig(
  options: InitOptions,
  env: EnvRecord,
  defaultProtocol: OtlpProtocol,
): ResolvedConfig {
  const headers: Record<string, string> = {
    ...parseHeaderList(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseHeaderList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    ...parseHeaderList(env.TRACELOOP_HEADERS),
    ...options.headers,
  };
  const protocolEnv = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL);
  // Env outranks options except where options say protocol/mode explicitly; the options resolver does the rest.
  return resolveOptionsConfig(
    {
      ...options,
      apiKey: nonEmpty(env.TRACELOOP_API_KEY) ?? options.apiKey,
      headers,
      serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? options.serviceName,
      protocol: options.protocol ?? (protocolEnv === 'http/json' || protocolEnv === 'http/protobuf' ? protocolEnv : undefined),
      exportMode: options.exportMode ?? (nonEmpty(env.TRACELIGHT_EXPORT_MODE) === 'immediate' ? 'immediate' : undefined),
      captureContent:
        !isFalse(env.TRACELOOP_TRACE_CONTENT) &&
        !isFalse(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT) &&
        options.captureContent !== false,
    },
    defaultProtocol,
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ??
      withTracesPath(nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT)) ??
      withTracesPath(nonEmpty(env.TRACELOOP_BASE_URL)),
  );
}

function isFalse(v: string | undefined): boolean {
  return v !== undefined && /^(false|0|no|off)$/i.test(v.trim());
}
