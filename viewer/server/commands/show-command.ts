import { COMMON_HELP, COMMON_OPTIONS, intFlag, jsonText, parseCommandArgs, writeOut } from './command-args.js';
import { CommandError, EXIT } from './exit-codes.js';
import { queryViewer, viewerBase } from './viewer-client.js';

const HELP = `Usage: tracelight show <traceId> [--offset n] [--json]
       tracelight show <traceId> --span <spanId> [--field path [--offset n]] [--first-field n] [--json]

A trace as a tree of its spans with each LLM call's conversation and each tool's input and output (the get_trace
MCP tool); with --span, one span in full (get_span). Long texts are cut to the byte budget; each cut says how to
read on.

  --offset <n>        the first span of the tree to show (the next page of a big trace); with --field, the
                      character of the field to start at
  --span <spanId>     show this span in full
  --field <path>      with --span: read only this field (input.0.0, output.0.0, entity.output, attr.KEY ...)
  --first-field <n>   with --span: the first field to list

${COMMON_HELP}
`;

/**
 * `tracelight show`: the get_trace query, or get_span with `--span`.
 * @example await showCommand(['0af7651916cd43dd8448eb211c80319c']);
 */
export async function showCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { ...COMMON_OPTIONS, offset: { type: 'string' }, span: { type: 'string' }, field: { type: 'string' }, 'first-field': { type: 'string' } },
    'show',
  );
  if (values.help) return writeOut(HELP).then(() => EXIT.ok);
  if (positionals.length !== 1) throw new CommandError(EXIT.usage, 'show takes one trace id (tracelight traces lists them)');
  const params = new URLSearchParams({ trace_id: positionals[0] });
  const maxBytes = intFlag('--max-bytes', values['max-bytes']);
  if (maxBytes !== undefined) params.set('max_bytes', String(maxBytes));
  const offset = intFlag('--offset', values.offset);
  const firstField = intFlag('--first-field', values['first-field']);
  let name = 'get_trace';
  if (values.span) {
    name = 'get_span';
    params.set('span_id', values.span);
    if (values.field) params.set('field', values.field);
    if (offset !== undefined) {
      if (!values.field) throw new CommandError(EXIT.usage, 'with --span, --offset needs --field (the field to read from that character on)');
      params.set('offset', String(offset));
    }
    if (firstField !== undefined) params.set('first_field', String(firstField));
  } else {
    if (values.field || firstField !== undefined) throw new CommandError(EXIT.usage, '--field and --first-field need --span');
    if (offset !== undefined) params.set('offset', String(offset));
  }
  const body = await queryViewer(viewerBase(values.url), name, params, values.json ? 'json' : 'text');
  await writeOut(values.json ? jsonText(body) : body);
  return EXIT.ok;
}
