import { parseHeaderList } from '../config/parse-header-list.js';
/** Where and how spans are forwarded. */
export interface ForwardConfig {
  /** The OTLP/HTTP traces endpoint. */
  url: string;
  /** Headers sent upstream (may hold credentials: never log them). */
  headers: Record<string, string>;
  /** Strip prompt/completion content before sending. */
  stripContent: boolean;
  /** `url` without credentials or query, safe to show. */
  target: string;
}

/** The environment variables the forwarding config is read from. */
export interface ForwardEnv {
  TRACELIGHT_FORWARD?: string;
  TRACELIGHT_FORWARD_HEADERS?: string;
  TRACELIGHT_FORWARD_CONTENT?: string;
  TRACELOOP_BASE_URL?: string;
  TRACELOOP_API_KEY?: string;
  [key: string]: string | undefined;
}

/** Thrown for a forwarding setup that cannot work (message is safe to print: it never contains a secret). */
export class ForwardConfigError extends Error {
  override name = 'ForwardConfigError';
}

/**
 * A URL for display: origin and path only (no user:password, no query that may carry a key).
 * @example safeTarget('https://u:p@host/v1/traces?key=x') // 'https://host/v1/traces'
 */
export function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid url)';
  }
}

/**
 * Reads the forwarding setup from environment-style variables (DESIGN "Viewer contracts"): null when
 * `TRACELIGHT_FORWARD` is unset; `traceloop` forwards to Traceloop with `TRACELOOP_API_KEY`; a URL forwards to that
 * OTLP/HTTP endpoint (a bare origin gets `/v1/traces`) with `TRACELIGHT_FORWARD_HEADERS`.
 * Throws `ForwardConfigError` for a setup that cannot work.
 * @example const config = resolveForwardConfig(process.env);
 */
export function resolveForwardConfig(env: ForwardEnv): ForwardConfig | null {
  const mode = (env.TRACELIGHT_FORWARD ?? '').trim();
  if (!mode || /^(off|false|0|none)$/i.test(mode)) return null;
  const stripContent = /^(false|0|no|off)$/i.test((env.TRACELIGHT_FORWARD_CONTENT ?? '').trim());
  const headers = parseHeaderList(env.TRACELIGHT_FORWARD_HEADERS);
  let url: string;
  if (mode.toLowerCase() === 'traceloop') {
    const key = env.TRACELOOP_API_KEY?.trim();
    if (!key) throw new ForwardConfigError('TRACELIGHT_FORWARD=traceloop needs TRACELOOP_API_KEY to be set');
    const base = (env.TRACELOOP_BASE_URL?.trim() || 'https://api.traceloop.com').replace(/\/+$/, '');
    url = `${base}/v1/traces`;
    headers.Authorization = `Bearer ${key}`;
  } else {
    let parsed: URL;
    try {
      parsed = new URL(mode);
    } catch {
      throw new ForwardConfigError('TRACELIGHT_FORWARD must be "traceloop" or an http(s) URL of an OTLP/HTTP endpoint');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ForwardConfigError('TRACELIGHT_FORWARD URL must use http or https');
    }
    if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/v1/traces';
    // fetch refuses URLs with user:password (and would echo them in its error): send them as Basic auth instead.
    if (parsed.username || parsed.password) {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
        headers.Authorization = `Basic ${btoa(`${user}:${password}`)}`;
      }
      parsed.username = '';
      parsed.password = '';
    }
    url = parsed.toString();
  }
  return { url, headers, stripContent, target: safeTarget(url) };
}
