import type { CallTracer } from '../providers/call-tracer.js';
import type { RequestInfo } from '../providers/provider-adapter.js';
import { readJsonRpcRequests } from './json-rpc-message.js';
import { traceMcpCall, type McpOptions } from './trace-mcp-call.js';

export type { McpOptions } from './trace-mcp-call.js';

/**
 * Traces MCP calls over Streamable HTTP (any MCP client that uses `fetch`, e.g. `@modelcontextprotocol/sdk`'s
 * `StreamableHTTPClientTransport`): a CLIENT span per JSON-RPC request per the GenAI MCP conventions, `tools/call`
 * as `execute_tool` with its arguments and result under the content-capture switch and redact hook. Part of the
 * default registry; list it yourself to set options, or with `tracelight/core` to trace MCP at all.
 *
 * @example
 * import { init } from 'tracelight';
 * import { mcp } from 'tracelight/mcp';
 * init({ providers: [mcp({ propagateContext: true })] });
 */
export function mcp(options: McpOptions = {}): CallTracer {
  return {
    id: 'mcp',
    matches: isMcpRequest,
    trace: (call) => traceMcpCall(call, options),
  };
}

/**
 * A Streamable HTTP POST carrying JSON-RPC 2.0 requests: the transport requires the client to accept both JSON and
 * SSE answers, which keeps the body of other POSTs unparsed.
 *
 * @example
 * isMcpRequest({ url, method: 'POST', headers: new Headers({ accept: 'application/json, text/event-stream' }), body: { jsonrpc: '2.0', id: 1, method: 'ping' } });
 */
export function isMcpRequest(request: RequestInfo): boolean {
  if (request.method !== 'POST') return false;
  const accept = request.headers.get('accept');
  if (!accept || !accept.includes('text/event-stream')) return false;
  return readJsonRpcRequests(request.body) !== undefined;
}
