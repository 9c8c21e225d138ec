import { parseByteSize } from '../options/parse-byte-size.js';
import { parseDuration } from '../options/parse-duration.js';
import { parseHeaderList } from '../options/parse-header-list.js';

/** One upstream that spans are forwarded to. */
export interface ForwardTarget {
  /** Names the target in the status and in its own variables (`TRACELIGHT_FORWARD_HEADERS_<NAME>`). */
  name: string;
  /** The OTLP/HTTP traces endpoint. */
  url: string;
  /** Headers sent upstream (may hold credentials: never log them). */
  headers: Record<string, string>;
  /** Strip prompt/completion content before sending. */
  stripContent: boolean;
  /** `url` without credentials or query, safe to show. */
  target: string;
}

/** Where and how spans are forwarded: one or more targets, and the bounds every target's queue keeps. */
export interface ForwardConfig {
  targets: ForwardTarget[];
  /** How long one batch is retried before its spans are dropped (0: no limit). Default 5 minutes. */
  maxElapsedMs: number;
  /** Bytes each target may hold while its upstream is slow or down (encoded OTLP). Default 64 MiB. */
  maxQueueBytes: number;
}

/** A target as callers may write it (the shape before fan-out): name and safe target are derived when left out. */
export type ForwardTargetInit = Omit<ForwardTarget, 'name' | 'target' | 'headers' | 'stripContent'> &
  Partial<Pick<ForwardTarget, 'name' | 'target' | 'headers' | 'stripContent'>>;

/** The environment variables the forwarding config is read from. */
export interface ForwardEnv {
  TRACELIGHT_FORWARD?: string;
  TRACELIGHT_FORWARD_HEADERS?: string;
  TRACELIGHT_FORWARD_CONTENT?: string;
  TRACELIGHT_FORWARD_MAX_ELAPSED?: string;
  TRACELIGHT_FORWARD_QUEUE_SIZE?: string;
  TRACELOOP_BASE_URL?: string;
  TRACELOOP_API_KEY?: string;
  [key: string]: string | undefined;
}

/** Thrown for a forwarding setup that cannot work (message is safe to print: it never contains a secret). */
export class ForwardConfigError extends Error {
  override name = 'ForwardConfigError';
}

/** As the OpenTelemetry Collector's `retry_on_failure.max_elapsed_time`. */
export const DEFAULT_FORWARD_MAX_ELAPSED_MS = 5 * 60_000;
/** Per target, in encoded OTLP protobuf bytes. */
export const DEFAULT_FORWARD_QUEUE_BYTES = 64 * 1024 * 1024;

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

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const FALSE = /^(false|0|no|off)$/i;
const TRUE = /^(true|1|yes|on)$/i;

/**
 * Reads the forwarding setup from environment-style variables; null when `TRACELIGHT_FORWARD` is unset or `off`.
 *
 * - `TRACELIGHT_FORWARD`: a comma-separated list of targets, each `traceloop`, an OTLP/HTTP URL (a bare origin gets
 *   `/v1/traces`), or `name=URL` to name it. Traceloop uses `TRACELOOP_API_KEY` (and `TRACELOOP_BASE_URL`).
 * - `TRACELIGHT_FORWARD_HEADERS_<NAME>` (`k=v,...`): headers of the target named NAME (`TRACELOOP` for Traceloop).
 *   `TRACELIGHT_FORWARD_HEADERS` is for the only URL target; with several, each names its own, so one
 *   collector's credentials are never sent to another.
 * - `TRACELIGHT_FORWARD_CONTENT=false` strips content for every target; `TRACELIGHT_FORWARD_CONTENT_<NAME>` overrides.
 * - `TRACELIGHT_FORWARD_MAX_ELAPSED` (`300s`, `5m`; `0` = no limit) and `TRACELIGHT_FORWARD_QUEUE_SIZE` (`64mb`).
 *
 * Throws `ForwardConfigError` for a setup that cannot work.
 * @example const config = resolveForwardConfig({ TRACELIGHT_FORWARD: 'traceloop,collector=http://collector:4318', TRACELOOP_API_KEY: key });
 */
export function resolveForwardConfig(env: ForwardEnv): ForwardConfig | null {
  const list = (env.TRACELIGHT_FORWARD ?? '').trim();
  if (!list || /^(off|false|0|none)$/i.test(list)) return null;
  const lookup = envLookup(env);
  const entries = list.split(',').map((s) => s.trim()).filter(Boolean);
  const urlTargets = entries.filter((e) => e.toLowerCase() !== 'traceloop').length;
  const sharedHeaders = env.TRACELIGHT_FORWARD_HEADERS;
  if (sharedHeaders?.trim() && urlTargets > 1) {
    throw new ForwardConfigError(
      `TRACELIGHT_FORWARD_HEADERS would go to all ${urlTargets} URL targets; name each target (name=URL) and give ` +
        'its headers in TRACELIGHT_FORWARD_HEADERS_<NAME>',
    );
  }
  const stripAll = FALSE.test((env.TRACELIGHT_FORWARD_CONTENT ?? '').trim());
  const targets: ForwardTarget[] = [];
  for (const entry of entries) {
    const target = entry.toLowerCase() === 'traceloop' ? traceloopTarget(env) : urlTarget(entry, sharedHeaders);
    const own = lookup(`TRACELIGHT_FORWARD_HEADERS_${target.name.toUpperCase()}`);
    if (own !== undefined) Object.assign(target.headers, parseHeaderList(own));
    const content = (lookup(`TRACELIGHT_FORWARD_CONTENT_${target.name.toUpperCase()}`) ?? '').trim();
    target.stripContent = content ? FALSE.test(content) : stripAll;
    if (content && !FALSE.test(content) && !TRUE.test(content)) {
      throw new ForwardConfigError(`TRACELIGHT_FORWARD_CONTENT_${target.name.toUpperCase()} must be true or false`);
    }
    if (targets.some((t) => t.url === target.url)) {
      throw new ForwardConfigError(`TRACELIGHT_FORWARD lists ${target.target} twice`);
    }
    if (targets.some((t) => t.name.toLowerCase() === target.name.toLowerCase())) {
      throw new ForwardConfigError(`TRACELIGHT_FORWARD has two targets named "${target.name}" (name them: name=URL)`);
    }
    targets.push(target);
  }
  return {
    targets,
    maxElapsedMs: readBound(env.TRACELIGHT_FORWARD_MAX_ELAPSED, 'TRACELIGHT_FORWARD_MAX_ELAPSED', parseDuration, DEFAULT_FORWARD_MAX_ELAPSED_MS,
      'a duration like 300s, 5m or 1h (0: retry without a time limit)'),
    maxQueueBytes: readBound(env.TRACELIGHT_FORWARD_QUEUE_SIZE, 'TRACELIGHT_FORWARD_QUEUE_SIZE', parseByteSize, DEFAULT_FORWARD_QUEUE_BYTES,
      'a size like 64mb or 1gb'),
  };
}

/**
 * A config from what callers pass: a full config, or one target written the pre-fan-out way
 * (`{ url, headers, stripContent, target }`), which gets the default bounds.
 * @example toForwardConfig({ url: 'http://collector:4318/v1/traces' })
 */
export function toForwardConfig(input: ForwardConfig | ForwardTargetInit): ForwardConfig {
  if ('targets' in input) return input;
  return { targets: [completeTarget(input)], maxElapsedMs: DEFAULT_FORWARD_MAX_ELAPSED_MS, maxQueueBytes: DEFAULT_FORWARD_QUEUE_BYTES };
}

/**
 * Fills in a target's name (its host) and display URL.
 * @example completeTarget({ url: 'http://collector:4318/v1/traces' }).name // 'collector:4318'
 */
export function completeTarget(input: ForwardTargetInit): ForwardTarget {
  const target = input.target ?? safeTarget(input.url);
  let name = input.name;
  if (!name) {
    try {
      name = new URL(input.url).host;
    } catch {
      name = target;
    }
  }
  return { name, url: input.url, headers: { ...input.headers }, stripContent: input.stripContent ?? false, target };
}

function traceloopTarget(env: ForwardEnv): ForwardTarget {
  const key = env.TRACELOOP_API_KEY?.trim();
  if (!key) throw new ForwardConfigError('TRACELIGHT_FORWARD=traceloop needs TRACELOOP_API_KEY to be set');
  const base = (env.TRACELOOP_BASE_URL?.trim() || 'https://api.traceloop.com').replace(/\/+$/, '');
  const url = `${base}/v1/traces`;
  return { name: 'traceloop', url, headers: { Authorization: `Bearer ${key}` }, stripContent: false, target: safeTarget(url) };
}

function urlTarget(entry: string, sharedHeaders: string | undefined): ForwardTarget {
  const named = /^([A-Za-z][A-Za-z0-9_]*)=(.+)$/.exec(entry);
  const name = named?.[1];
  const text = named ? named[2]!.trim() : entry;
  if (name && !NAME.test(name)) throw new ForwardConfigError(`TRACELIGHT_FORWARD target name "${name}" must be letters, digits or _`);
  if (name?.toLowerCase() === 'traceloop') throw new ForwardConfigError('TRACELIGHT_FORWARD: the name "traceloop" is for the Traceloop target');
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new ForwardConfigError(
      'TRACELIGHT_FORWARD must be a comma-separated list of "traceloop", OTLP/HTTP URLs or name=URL ' +
        `(got an entry that is none of these${name ? ` for "${name}"` : ''})`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ForwardConfigError('TRACELIGHT_FORWARD URL must use http or https');
  }
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/v1/traces';
  // Named targets take their headers from their own variable only; the shared one is for a single URL target.
  const headers = name ? {} : parseHeaderList(sharedHeaders);
  // fetch refuses URLs with user:password (and would echo them in its error): send them as Basic auth instead.
  if (parsed.username || parsed.password) {
    const user = safeDecode(parsed.username);
    const password = safeDecode(parsed.password);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')) {
      headers.Authorization = `Basic ${btoa(`${user}:${password}`)}`;
    }
    parsed.username = '';
    parsed.password = '';
  }
  const url = parsed.toString();
  return completeTarget({ name, url, headers, stripContent: false });
}

function readBound(
  text: string | undefined,
  variable: string,
  parse: (text: string) => number | null,
  fallback: number,
  expected: string,
): number {
  if (text === undefined || text.trim() === '') return fallback;
  const value = parse(text);
  if (value === null || value < 0) throw new ForwardConfigError(`${variable} must be ${expected}, got "${text.slice(0, 40)}"`);
  return value;
}

// Environment variable names are case-sensitive on Linux; target names are matched without regard to case.
function envLookup(env: ForwardEnv): (name: string) => string | undefined {
  const upper = new Map<string, string | undefined>();
  for (const key of Object.keys(env)) upper.set(key.toUpperCase(), env[key]);
  return (name) => env[name] ?? upper.get(name.toUpperCase());
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
