import { COMMON_HELP, COMMON_OPTIONS, FILTER_HELP, FILTER_OPTIONS, filterParams, intFlag, jsonText, parseCommandArgs, writeOut } from './command-args.js';
import { CommandError, EXIT } from './exit-codes.js';
import { queryViewer, viewerBase } from './viewer-client.js';

const HELP = `Usage: tracelight usage [filters] [--top n] [--json]

Tokens, estimated cost, LLM calls, errors and latency percentiles (p50/p95/p99) by model, by service and by
session, over the traces the filters select (default: everything the viewer holds) (the usage_summary MCP tool).

  --top <n>           rows per group, biggest cost first (default 10)

${FILTER_HELP}

${COMMON_HELP}
`;

/**
 * `tracelight usage`: the usage_summary query.
 * @example await usageCommand(['--since', '24h']);
 */
export async function usageCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...COMMON_OPTIONS, ...FILTER_OPTIONS, top: { type: 'string' } }, 'usage');
  if (values.help) return writeOut(HELP).then(() => EXIT.ok);
  if (positionals.length) throw new CommandError(EXIT.usage, `usage takes no arguments besides flags, got "${positionals[0]}"`);
  const params = filterParams(values);
  const top = intFlag('--top', values.top);
  if (top !== undefined) params.set('top', String(top));
  const body = await queryViewer(viewerBase(values.url), 'usage_summary', params, values.json ? 'json' : 'text');
  await writeOut(values.json ? jsonText(body) : body);
  return EXIT.ok;
}
