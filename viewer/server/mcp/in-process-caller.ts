import type { SpanStore } from '../span-store.js';
import { MCP_HINTS } from '../query/continue-hints.js';
import { QueryArgumentError, QueryNotFoundError } from '../query/query-options.js';
import { runQueryTool } from '../query/query-tools.js';
import type { QueryCaller } from './create-mcp-server.js';

/**
 * Runs the query tools on the viewer's own store (its `/mcp` endpoint). A bad argument or an unknown trace is an
 * error result the agent reads, not a protocol error.
 * @example createMcpServer(inProcessCaller(store), version)
 */
export function inProcessCaller(store: SpanStore): QueryCaller {
  return async (tool, args) => {
    try {
      return { text: runQueryTool(store, tool, args, { hints: MCP_HINTS }).text };
    } catch (error) {
      if (error instanceof QueryArgumentError || error instanceof QueryNotFoundError) return { text: error.message, isError: true };
      throw error;
    }
  };
}
