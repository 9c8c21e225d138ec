import { COMMON_HELP, COMMON_OPTIONS, FILTER_HELP, FILTER_OPTIONS, filterParams, intFlag, jsonText, parseCommandArgs, writeOut } from './command-args.js';
import { CommandError, EXIT } from './exit-codes.js';
import { queryViewer, viewerBase } from './viewer-client.js';

const HELP = `Usage: tracelight traces [filters] [--query text] [--limit n] [--cursor c] [--json]

The traces the running viewer holds, newest first: one line each with its id, start, name, service, duration,
LLM calls, tokens, cost and errors, and the totals of every match (the list_traces MCP tool).

  -q, --query <text>  text in the trace id, a span name, the service, a model, the session or the user
  --limit <n>         traces per page (default 20)
  --cursor <c>        the next page (the previous page prints its cursor)

${FILTER_HELP}

${COMMON_HELP}
`;

/**
 * `tracelight traces`: the list_traces query, as text or JSON.
 * @example await tracesCommand(['--errors', '--since', '10m']);
 */
export async function tracesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { ...COMMON_OPTIONS, ...FILTER_OPTIONS, query: { type: 'string', short: 'q' }, limit: { type: 'string' }, cursor: { type: 'string' } },
    'traces',
  );
  if (values.help) return writeOut(HELP).then(() => EXIT.ok);
  if (positionals.length) throw new CommandError(EXIT.usage, `traces takes no arguments besides flags, got "${positionals[0]}" (to find text, use --query or tracelight search)`);
  const params = filterParams(values);
  if (values.query) params.set('query', values.query);
  const limit = intFlag('--limit', values.limit);
  if (limit !== undefined) params.set('limit', String(limit));
  if (values.cursor) params.set('cursor', values.cursor);
  const body = await queryViewer(viewerBase(values.url), 'list_traces', params, values.json ? 'json' : 'text');
  await writeOut(values.json ? jsonText(body) : body);
  return EXIT.ok;
}
