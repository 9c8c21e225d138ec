import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { BodyError } from '../../../lib/forward/body-error.js';
import { readBody, refuseAfterDrain } from '../read-body.js';
import { sendJson } from '../request-guard.js';
import type { SpanStore } from '../span-store.js';
import { createMcpServer } from './create-mcp-server.js';
import { inProcessCaller } from './in-process-caller.js';

/** The MCP endpoint's path. */
export const MCP_PATH = '/mcp';

/** MCP requests are small JSON-RPC messages; a bigger body is refused before it is read. */
const MAX_MCP_BODY = 1024 * 1024;

const rpcError = (res: ServerResponse, status: number, code: number, message: string) => sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * Answers `/mcp`: MCP over Streamable HTTP with the official SDK's transport, stateless (a server and transport per
 * request: the tools only read, so there is no session to keep) and with JSON answers. The viewer's Host and Origin
 * checks have already run (a DNS-rebinding page never gets here). Only POST carries MCP messages here; GET (a
 * server-to-client stream) and DELETE (ending a session) are answered 405, as the transport's spec allows a server
 * without them to.
 * @example if (url.pathname === MCP_PATH) return handleMcpRequest(req, res, store, version);
 */
export async function handleMcpRequest(req: IncomingMessage, res: ServerResponse, store: SpanStore, version: string): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return rpcError(res, 405, -32000, 'Method not allowed: this MCP server is stateless and answers POST only.');
  }
  let body: unknown;
  try {
    const bytes = await readBody(req, MAX_MCP_BODY);
    body = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    if (error instanceof BodyError) {
      const { status, message } = error;
      return refuseAfterDrain(req, res, () => rpcError(res, status, -32600, message));
    }
    return rpcError(res, 400, -32700, `Parse error: ${(error as Error).message}`);
  }
  const server = createMcpServer(inProcessCaller(store), version);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
