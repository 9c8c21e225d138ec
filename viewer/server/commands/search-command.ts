import type { SearchResult } from '../query/search-spans.js';
import { COMMON_HELP, COMMON_OPTIONS, FILTER_HELP, FILTER_OPTIONS, filterParams, intFlag, jsonText, parseCommandArgs, writeOut } from './command-args.js';
import { CommandError, EXIT } from './exit-codes.js';
import { queryViewerResponse, viewerBase } from './viewer-client.js';

const HELP = `Usage: tracelight search <text> [filters] [--limit n] [--cursor c] [--json]

Finds text (case-insensitive) in prompts, completions, system instructions, tool arguments and results, and error
messages of the traces the viewer holds, newest first; prints each matching span with a snippet around each match
(the search MCP tool). Exits 1 when nothing matches, like grep.

  --limit <n>         matching spans per result (default 20)
  --cursor <c>        continue a search (a result that stopped early prints its cursor)

${FILTER_HELP}

${COMMON_HELP}
`;

/**
 * `tracelight search`: the search query; exit 1 when nothing matched.
 * @example await searchCommand(['rate limit', '--since', '1h']);
 */
export async function searchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { ...COMMON_OPTIONS, ...FILTER_OPTIONS, limit: { type: 'string' }, cursor: { type: 'string' } }, 'search');
  if (values.help) return writeOut(HELP).then(() => EXIT.ok);
  const text = positionals.join(' ');
  if (!text.trim()) throw new CommandError(EXIT.usage, 'search needs the text to find: tracelight search <text>');
  const params = filterParams(values);
  params.set('text', text);
  const limit = intFlag('--limit', values.limit);
  if (limit !== undefined) params.set('limit', String(limit));
  if (values.cursor) params.set('cursor', values.cursor);
  const { body, headers } = await queryViewerResponse(viewerBase(values.url), 'search', params, values.json ? 'json' : 'text');
  await writeOut(values.json ? jsonText(body) : body);
  const hits = values.json ? (JSON.parse(body) as SearchResult).hits.length : Number(headers.get('x-tracelight-hits') ?? '1');
  return hits > 0 ? EXIT.ok : EXIT.notFound;
}
