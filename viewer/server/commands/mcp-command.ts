import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from '../mcp/create-mcp-server.js';
import { httpCaller } from '../mcp/http-caller.js';
import { readPackageVersion } from '../read-package-version.js';
import { parseCommandArgs, writeOut } from './command-args.js';
import { CommandError, EXIT } from './exit-codes.js';
import { getFromViewer, noViewerMessage, viewerBase } from './viewer-client.js';

const HELP = `Usage: tracelight mcp [--url <viewer url>]

An MCP server on stdin/stdout for coding agents that start their tools as processes: the same five read-only tools
as the viewer's own MCP endpoint (list_traces, get_trace, get_span, search, usage_summary), answered by the running
viewer's query API. Start the viewer (npx tracelight) separately; until it runs, each tool answers that it does not.

  --url <url>         the viewer (default $TRACELIGHT_URL or http://127.0.0.1:4318)
  -h, --help          this help

Example (Claude Code): claude mcp add tracelight -- npx tracelight mcp
`;

/**
 * `tracelight mcp`: the stdio MCP server. Logs only to stderr (stdout is the protocol); ends when stdin closes.
 * @example await mcpCommand(['--url', 'http://127.0.0.1:4318']);
 */
export async function mcpCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { url: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'mcp');
  if (values.help) return writeOut(HELP).then(() => EXIT.ok);
  if (positionals.length) throw new CommandError(EXIT.usage, `mcp takes no arguments besides flags, got "${positionals[0]}"`);
  const base = viewerBase(values.url);
  const server = createMcpServer(httpCaller(base), readPackageVersion());
  // Said once at start, on stderr (agents show it in their MCP logs); the tools say it again while no viewer runs.
  try {
    const health = await getFromViewer(base, '/api/health', 5000);
    process.stderr.write(health.ok ? `tracelight mcp: serving the viewer at ${base} over stdio\n` : `tracelight mcp: the server at ${base} answered ${health.status} to /api/health\n`);
  } catch {
    process.stderr.write(`tracelight mcp: ${noViewerMessage(base)}; the tools will say so until one runs\n`);
  }
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    process.stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close().catch(() => undefined);
  return EXIT.ok;
}
