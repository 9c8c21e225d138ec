import { CommandError, EXIT } from './exit-codes.js';

/** The commands besides starting the viewer, each loaded only when run. */
const COMMANDS: Record<string, () => Promise<(argv: string[]) => Promise<number>>> = {
  traces: async () => (await import('./traces-command.js')).tracesCommand,
  show: async () => (await import('./show-command.js')).showCommand,
  search: async () => (await import('./search-command.js')).searchCommand,
  usage: async () => (await import('./usage-command.js')).usageCommand,
  tail: async () => (await import('./tail-command.js')).tailCommand,
  mcp: async () => (await import('./mcp-command.js')).mcpCommand,
};

/** Help lines naming the commands (for the viewer's own --help). */
export const COMMANDS_HELP = `Commands (they read from the running viewer; each has --help):
  tracelight traces [--errors] [--model M] [--since 10m] [--json]   list traces, newest first
  tracelight show <traceId> [--span <spanId>] [--json]               a trace's tree and conversations, or a span
  tracelight search <text> [--json]                                  find text in prompts, completions, tools, errors
  tracelight usage [--since 1h] [--json]                             tokens, cost, latency by model/service/session
  tracelight tail [--json]                                           one line per finished trace, live, until Ctrl+C
  tracelight mcp [--url URL]                                         an MCP server on stdio for coding agents`;

/**
 * Runs `tracelight <command> ...` when `argv[0]` names a command: resolves with its exit code after printing any
 * failure as one line on stderr; null when `argv` is not a command (the viewer starts instead).
 * @example const code = await runSubcommand(process.argv.slice(2)); if (code !== null) process.exitCode = code;
 */
export async function runSubcommand(argv: string[]): Promise<number | null> {
  const load = argv.length && Object.hasOwn(COMMANDS, argv[0]) ? COMMANDS[argv[0]] : undefined;
  if (!load) return null;
  try {
    return await (await load())(argv.slice(1));
  } catch (error) {
    const code = error instanceof CommandError ? error.code : EXIT.failed;
    process.stderr.write(`tracelight: ${(error as Error).message.split('\n')[0]}\n`);
    return code;
  }
}
