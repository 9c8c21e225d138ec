import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SpanStore } from '../span-store.js';
import { sendJson, sendPlain } from '../request-guard.js';
import { hintsFor } from './continue-hints.js';
import { QueryArgumentError, QueryNotFoundError } from './query-options.js';
import { argsOfParams, QUERY_TOOLS, queryTool } from './query-tools.js';

/** Where the query routes live: `GET /api/query/<tool name>?<arguments>`. */
export const QUERY_PATH = '/api/query/';

/**
 * Answers `GET /api/query/<name>` for the five query tools (`list_traces`, `get_trace`, `get_span`, `search`,
 * `usage_summary`): arguments as query parameters (the MCP argument names), `format=text` for the text an MCP
 * client gets (the default is JSON: the same content as data), `hints=cli` for continuation hints
 * as `tracelight` commands. `GET /api/query` lists the tools with their argument schemas. Read-only. 400 for bad
 * arguments, 404 for what the viewer does not hold.
 * @example if (url.pathname.startsWith('/api/query')) return handleQueryApi(req, res, url, store);
 */
export function handleQueryApi(req: IncomingMessage, res: ServerResponse, url: URL, store: SpanStore): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendJson(res, 405, { error: 'method not allowed: the query API is read-only' });
    return;
  }
  const name = url.pathname.replace(/\/+$/, '').slice(QUERY_PATH.length);
  if (name === '' || url.pathname.replace(/\/+$/, '') === '/api/query') {
    sendJson(res, 200, { tools: QUERY_TOOLS.map((t) => ({ name: t.name, title: t.title, description: t.description, arguments: Object.keys(t.shape) })) });
    return;
  }
  const tool = queryTool(name);
  const text = url.searchParams.get('format') === 'text';
  // The header tells a client a query's own "not found" from a server without this API (the CLI's exit codes).
  const fail = (status: number, message: string, kind = 'no-query') => {
    res.setHeader('X-Tracelight-Error', kind);
    if (text) sendPlain(res, status, `${message}\n`);
    else sendJson(res, status, { error: message });
  };
  if (!tool) return fail(404, `no query "${name}"; the queries: ${QUERY_TOOLS.map((t) => t.name).join(', ')}`);
  try {
    const args = argsOfParams(tool, url.searchParams);
    const result = tool.run(store, args, { maxBytes: args.max_bytes as number | undefined, hints: hintsFor(url.searchParams.get('hints')) });
    // How many matching spans a search shows, for a client of the text (`tracelight search` exits 1 on none).
    const hits = (result.data as { hits?: unknown[] }).hits;
    if (Array.isArray(hits)) res.setHeader('X-Tracelight-Hits', String(hits.length));
    if (text) sendPlain(res, 200, result.text);
    else sendJson(res, 200, result.data);
  } catch (error) {
    if (error instanceof QueryArgumentError) return fail(400, error.message, 'bad-argument');
    if (error instanceof QueryNotFoundError) return fail(404, error.message, 'not-found');
    throw error;
  }
}
