import type { ExportMode, InitOptions, OtlpProtocol } from './init-options';
import { DEFAULT_MAX_CONTENT_LENGTH } from '../content/content-options';

/** Environment variables as a plain record (Node passes `process.env`; other platforms pass nothing). */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** Everything `init` needs, resolved from options and (in Node) environment. */
export interface ResolvedConfig {
  url: string;
  headers: Record<string, string>;
  serviceName: string;
  protocol: OtlpProtocol;
  exportMode: ExportMode;
  captureContent: boolean;
  maxContentLength: number;
}

/** Where traces go when nothing is configured: the local viewer. */
export const DEFAULT_ENDPOINT = 'http://localhost:4318/v1/traces';
/** Traceloop's OTLP traces endpoint. */
export const TRACELOOP_ENDPOINT = 'https://api.traceloop.com/v1/traces';

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
  const apiKey = nonEmpty(env.TRACELOOP_API_KEY) ?? nonEmpty(options.apiKey);
  const url =
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ??
    withTracesPath(nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT)) ??
    withTracesPath(nonEmpty(env.TRACELOOP_BASE_URL)) ??
    endpointOption(nonEmpty(options.endpoint)) ??
    (apiKey ? TRACELOOP_ENDPOINT : DEFAULT_ENDPOINT);
  const headers: Record<string, string> = {
    ...parseHeaderList(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseHeaderList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    ...parseHeaderList(env.TRACELOOP_HEADERS),
    ...options.headers,
  };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  const protocolEnv = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_PROTOCOL);
  const protocol: OtlpProtocol =
    options.protocol ?? (protocolEnv === 'http/json' || protocolEnv === 'http/protobuf' ? protocolEnv : defaultProtocol);
  const modeEnv = nonEmpty(env.TRACELIGHT_EXPORT_MODE);
  const exportMode: ExportMode = options.exportMode ?? (modeEnv === 'immediate' ? 'immediate' : 'batch');
  const captureContent =
    !isFalse(env.TRACELOOP_TRACE_CONTENT) &&
    !isFalse(env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT) &&
    options.captureContent !== false;
  return {
    url,
    headers,
    serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? nonEmpty(options.serviceName) ?? 'unknown_service',
    protocol,
    exportMode,
    captureContent,
    maxContentLength: options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH,
  };
}

/**
 * Parses the OTel `k=v,k2=v2` header list (values URL-decoded; malformed entries skipped).
 *
 * @example
 * parseHeaderList('x-team=ai%20lab,authorization=Bearer%20t'); // { 'x-team': 'ai lab', authorization: 'Bearer t' }
 */
export function parseHeaderList(value: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value) return out;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      const key = decodeURIComponent(part.slice(0, eq).trim());
      const val = decodeURIComponent(part.slice(eq + 1).trim());
      if (key) out[key] = val;
    } catch {
      // skip a malformed escape
    }
  }
  return out;
}

function withTracesPath(base: string | undefined): string | undefined {
  if (!base) return undefined;
  return base.replace(/\/+$/, '') + '/v1/traces';
}

function endpointOption(endpoint: string | undefined): string | undefined {
  if (!endpoint) return undefined;
  try {
    const url = new URL(endpoint);
    return url.pathname === '/' || url.pathname === '' ? withTracesPath(url.origin) : endpoint;
  } catch {
    return endpoint;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
}

function isFalse(v: string | undefined): boolean {
  return v !== undefined && /^(false|0|no|off)$/i.test(v.trim());
}
