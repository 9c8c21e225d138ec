import type { InitOptions, OtlpProtocol } from './init-options.js';
import { DEFAULT_MAX_CONTENT_LENGTH } from '../content/content-options.js';

/** Everything `init` needs, resolved from options and (in Node and edge runtimes) environment. */
export interface ResolvedConfig {
  url: string;
  headers: Record<string, string>;
  serviceName: string;
  protocol: OtlpProtocol;
  exportMode: NonNullable<InitOptions['exportMode']>;
  captureContent: boolean;
  maxContentLength: number;
}

/** Where traces go when nothing is configured: the local viewer. */
export const DEFAULT_ENDPOINT = 'http://localhost:4318/v1/traces';
/** Traceloop's OTLP traces endpoint. */
export const TRACELOOP_ENDPOINT = 'https://api.traceloop.com/v1/traces';

/**
 * Resolves the export config from `init` options alone: what the browser entry uses, since a page has no
 * environment (kept apart from `resolveExportConfig` so the env variable names stay out of the browser bundle).
 * `url` is a target that outranks `options.endpoint` (the env-derived one, used as is).
 *
 * @example
 * resolveOptionsConfig({ endpoint: 'http://localhost:4318' }, 'http/json').url; // 'http://localhost:4318/v1/traces'
 */
export function resolveOptionsConfig(options: InitOptions, defaultProtocol: OtlpProtocol, url?: string): ResolvedConfig {
  const apiKey = nonEmpty(options.apiKey);
  const headers: Record<string, string> = { ...options.headers };
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  return {
    url: url ?? endpointOption(nonEmpty(options.endpoint)) ?? (apiKey ? TRACELOOP_ENDPOINT : DEFAULT_ENDPOINT),
    headers,
    serviceName: nonEmpty(options.serviceName) ?? 'unknown_service',
    protocol: options.protocol ?? defaultProtocol,
    exportMode: options.exportMode ?? 'batch',
    captureContent: options.captureContent !== false,
    maxContentLength: options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH,
  };
}

/**
 * A base URL with `/v1/traces` appended (trailing slashes dropped); undefined stays undefined.
 *
 * @example
 * withTracesPath('http://collector:4318/'); // 'http://collector:4318/v1/traces'
 */
export function withTracesPath(base: string | undefined): string | undefined {
  return base && base.replace(/\/+$/, '') + '/v1/traces';
}

/**
 * The trimmed string, or undefined when it is missing or blank.
 *
 * @example
 * nonEmpty('  '); // undefined
 */
export function nonEmpty(v: string | undefined): string | undefined {
  return v?.trim() || undefined;
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
