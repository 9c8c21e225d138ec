/**
 * A real MCP server (`@modelcontextprotocol/sdk`'s `McpServer` behind its `StreamableHTTPServerTransport`) on
 * 127.0.0.1:0, answering in SSE (the default) or JSON, with one session per `initialize`. Its tools, prompts and
 * resources cover every client method the MCP tests call; it records the `_meta` each tool call arrived with.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface McpTestServer {
  url: string;
  /** `params._meta` of each `tools/call`, in arrival order. */
  toolCallMeta: Array<Record<string, unknown> | undefined>;
  /** Session ids the server handed out. */
  sessions: string[];
  close(): Promise<void>;
}

function buildServer(toolCallMeta: McpTestServer['toolCallMeta']): McpServer {
  const server = new McpServer({ name: 'tracelight-test', version: '1.0.0' }, { capabilities: { logging: {} } });
  server.registerTool('add', { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }, extra) => {
    toolCallMeta.push(extra._meta as Record<string, unknown> | undefined);
    return { content: [{ type: 'text', text: String(a + b) }] };
  });
  server.registerTool('divide', { description: 'Divides', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }, extra) => {
    toolCallMeta.push(extra._meta as Record<string, unknown> | undefined);
    if (b === 0) return { content: [{ type: 'text', text: 'cannot divide by zero' }], isError: true };
    return { content: [{ type: 'text', text: String(a / b) }] };
  });
  server.registerPrompt('greet', { description: 'A greeting', argsSchema: { who: z.string() } }, ({ who }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Say hello to ${who}` } }],
  }));
  server.registerResource('readme', 'docs://readme', { mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, text: 'Read me first' }],
  }));
  server.registerResource('user', new ResourceTemplate('users://{id}', { list: undefined }), {}, async (uri, { id }) => ({
    contents: [{ uri: uri.href, text: `user ${String(id)}` }],
  }));
  return server;
}

/**
 * @example
 * const mcpServer = await startMcpTestServer({ json: true });
 * const transport = new StreamableHTTPClientTransport(new URL(mcpServer.url));
 */
export async function startMcpTestServer(options: { json?: boolean } = {}): Promise<McpTestServer> {
  const toolCallMeta: McpTestServer['toolCallMeta'] = [];
  const sessions: string[] = [];
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const sockets = new Set<Socket>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const sessionId = req.headers['mcp-session-id'];
    let transport = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
    if (!transport && sessionId === undefined && req.method === 'POST') {
      // A new session: the SDK's transport answers `initialize` and anything else with its own errors.
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: options.json === true,
        onsessioninitialized: (id) => {
          sessions.push(id);
          transports.set(id, transport!);
        },
      });
      await buildServer(toolCallMeta).connect(transport);
    }
    if (!transport) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    await transport.handleRequest(req, res);
  };
  const http = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  http.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    toolCallMeta,
    sessions,
    close: async () => {
      for (const t of transports.values()) await t.close().catch(() => {});
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
