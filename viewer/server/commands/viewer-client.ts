import { CommandError, EXIT } from './exit-codes.js';

/** The viewer the commands talk to unless `--url` (or `TRACELIGHT_URL`) says otherwise. */
export const DEFAULT_VIEWER_URL = 'http://127.0.0.1:4318';

/**
 * The viewer's base URL from `--url`, else `TRACELIGHT_URL`, else the default; a UI or API URL is cut to its origin.
 * @example viewerBase('http://localhost:4318/') // 'http://localhost:4318'
 */
export function viewerBase(url: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const raw = url || env.TRACELIGHT_URL || DEFAULT_VIEWER_URL;
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z]+:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw new CommandError(EXIT.usage, `--url must be the viewer's URL, like ${DEFAULT_VIEWER_URL}; got "${raw}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CommandError(EXIT.usage, `--url must be an http(s) URL; got "${raw}"`);
  return parsed.origin;
}

/** The one line a command prints when nothing answers at the URL. */
export const noViewerMessage = (base: string) => `no Tracelight viewer is running at ${base}: start one with \`npx tracelight\`, or pass --url`;

/**
 * GETs a viewer path; a connection that fails (nothing listening, unknown host, timeout) becomes the "no viewer"
 * error (exit 2).
 * @example const response = await getFromViewer(base, '/api/health');
 */
export async function getFromViewer(base: string, path: string, timeoutMs = 120_000): Promise<Response> {
  try {
    return await fetch(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json, text/plain' } });
  } catch {
    throw new CommandError(EXIT.noViewer, noViewerMessage(base));
  }
}

/**
 * Runs a query of the viewer's query API (`/api/query/<name>`): its text (as `tracelight` hints say how to go on)
 * or its JSON. Errors become `CommandError`s with the exit code that fits.
 * @example const text = await queryViewer(base, 'list_traces', { errors_only: true }, 'text');
 */
export async function queryViewer(base: string, name: string, params: URLSearchParams, format: 'text' | 'json'): Promise<string> {
  return (await queryViewerResponse(base, name, params, format)).body;
}

/**
 * `queryViewer` with the answer's headers (e.g. `X-Tracelight-Hits` of a search).
 * @example const { body, headers } = await queryViewerResponse(base, 'search', params, 'text');
 */
export async function queryViewerResponse(base: string, name: string, params: URLSearchParams, format: 'text' | 'json'): Promise<{ body: string; headers: Headers }> {
  const query = new URLSearchParams(params);
  if (format === 'text') {
    query.set('format', 'text');
    query.set('hints', 'cli');
  }
  const response = await getFromViewer(base, `/api/query/${name}?${query}`);
  const body = await response.text();
  if (response.ok) return { body, headers: response.headers };
  const message = errorText(body);
  if (response.status === 400) throw new CommandError(EXIT.usage, message);
  if (response.status === 404) {
    if (response.headers.get('x-tracelight-error') === 'not-found') throw new CommandError(EXIT.notFound, message);
    // The query API itself missing: something else (or an older tracelight) answers there.
    throw new CommandError(EXIT.noViewer, `the server at ${base} does not answer Tracelight's query API (an older tracelight, or another server on that port)`);
  }
  throw new CommandError(EXIT.failed, `the viewer at ${base} answered ${response.status}: ${message}`);
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // plain text
  }
  return body.trim().split('\n')[0] || '(no message)';
}
