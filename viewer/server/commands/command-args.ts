import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CommandError, EXIT } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every query command takes. */
export const COMMON_OPTIONS = {
  url: { type: 'string' },
  json: { type: 'boolean' },
  'max-bytes': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The trace filters, as flags (`--errors` is `errors_only`). */
export const FILTER_OPTIONS = {
  errors: { type: 'boolean' },
  model: { type: 'string' },
  service: { type: 'string' },
  session: { type: 'string' },
  user: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
} as const satisfies Options;

/**
 * Parses a command's arguments strictly (unknown flags are usage errors, exit 3).
 * @example const { values, positionals } = parseCommandArgs(argv, { ...COMMON_OPTIONS, limit: { type: 'string' } });
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new CommandError(EXIT.usage, `${(error as Error).message} (see: tracelight ${command} --help)`);
  }
}

/**
 * A whole-number flag, or a usage error.
 * @example intFlag('--limit', '20') // 20
 */
export function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value.trim())) throw new CommandError(EXIT.usage, `${name} must be a whole number, got "${value}"`);
  return Number(value);
}

/**
 * The query parameters of the filter flags and `--max-bytes` (the query API's argument names).
 * @example filterParams(values).toString() // 'errors_only=true&since=10m'
 */
export function filterParams(values: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  if (values.errors) params.set('errors_only', 'true');
  for (const key of ['model', 'service', 'session', 'user', 'since', 'until'] as const) {
    const v = values[key];
    if (typeof v === 'string' && v !== '') params.set(key, v);
  }
  const maxBytes = intFlag('--max-bytes', values['max-bytes'] as string | undefined);
  if (maxBytes !== undefined) params.set('max_bytes', String(maxBytes));
  return params;
}

/** Help lines of the common and filter flags. */
export const FILTER_HELP = `Filters:
  --errors            only traces with an error
  --model <name>      only traces that called this model (a family name matches its versions)
  --service <name>    only traces whose root span comes from this service
  --session <id>      only traces of this session
  --user <id>         only traces of this user
  --since <when>      only traces started since: 30s, 10m, 2h, 1d, Unix ms or an ISO date
  --until <when>      only traces started before (same forms)`;

export const COMMON_HELP = `Output:
  --json              the result as JSON (the same content as the text)
  --max-bytes <n>     byte budget of the result (default 20000); what does not fit is named, with how to get it
  --url <url>         the viewer (default $TRACELIGHT_URL or http://127.0.0.1:4318)
  -h, --help          this help

Exit codes: 0 done, 1 nothing found, 2 no viewer running, 3 bad usage, 4 the viewer failed the request.`;

/**
 * Writes a command's output (with a final newline), waiting until stdout took it.
 * @example await writeOut(text);
 */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve) => {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`, () => resolve());
  });
}

/** JSON for `--json`: indented, for people and `jq` alike. */
export const jsonText = (body: string): string => JSON.stringify(JSON.parse(body), null, 2);
