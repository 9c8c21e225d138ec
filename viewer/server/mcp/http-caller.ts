import { paramsOfArgs } from '../query/query-tools.js';
import type { QueryCaller } from './create-mcp-server.js';

/** How long a query may take before the caller gives up (a search of a big store takes seconds). */
const TIMEOUT_MS = 120_000;

/**
 * Runs the query tools against a running viewer's query API (`GET /api/query/<name>?format=text`): what
 * `tracelight mcp` answers with, so the stdio server exposes exactly what that API does and nothing more. When no
 * viewer answers, the tool result says so (an error result the agent reads), and the next call tries again.
 * @example createMcpServer(httpCaller('http://127.0.0.1:4318'), version)
 */
export function httpCaller(base: string): QueryCaller {
  return async (tool, args) => {
    const params = paramsOfArgs(args);
    params.set('format', 'text');
    let response: Response;
    try {
      response = await fetch(`${base}/api/query/${tool.name}?${params}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        text: timedOut
          ? `The Tracelight viewer at ${base} did not answer within ${TIMEOUT_MS / 1000} s.`
          : `No Tracelight viewer is running at ${base}. Ask the user to start it (npx tracelight) or to point tracelight mcp --url at the one they run; then call ${tool.name} again.`,
        isError: true,
      };
    }
    const text = await response.text();
    if (response.ok) return { text };
    if (response.status === 404 && !response.headers.get('x-tracelight-error')) {
      return { text: `The server at ${base} does not answer Tracelight's query API (an older tracelight, or another server on that port).`, isError: true };
    }
    return { text: text.trim() || `The viewer answered ${response.status}.`, isError: true };
  };
}
