import { z } from 'zod';
import type { SpanStore } from '../span-store.js';
import { getSpan } from './span-detail.js';
import { listTraces } from './list-traces.js';
import { DEFAULT_MAX_BYTES, MAX_MAX_BYTES, MIN_MAX_BYTES, QueryArgumentError, type QueryOptions, type QueryResult } from './query-options.js';
import { search } from './search-spans.js';
import { getTrace } from './trace-outline.js';
import { usageSummary } from './usage-summary.js';

/**
 * The five queries an agent (MCP), a script (`GET /api/query/<name>`) or a terminal (`tracelight traces|show|search|
 * usage`) can run, defined once: name, description, argument schema and implementation. The names and arguments are
 * a contract (agents are configured with them).
 */
export interface QueryTool {
  name: 'list_traces' | 'get_trace' | 'get_span' | 'search' | 'usage_summary';
  title: string;
  /** What it returns and when to use it: what an agent reads to pick a tool. */
  description: string;
  /** Arguments, with a description each (JSON Schema for MCP clients). */
  shape: z.ZodRawShape;
  run(store: SpanStore, args: Record<string, unknown>, options: QueryOptions): QueryResult<unknown>;
}

const maxBytes = z
  .number()
  .int()
  .min(MIN_MAX_BYTES)
  .max(MAX_MAX_BYTES)
  .optional()
  .describe(`Byte budget of the result (default ${DEFAULT_MAX_BYTES}, about 5,000 tokens). The result never exceeds it and says what it left out and how to get it.`);

const since = z.string().max(40).optional().describe('Only traces that started at or after this time: a duration back from now (30s, 10m, 2h, 1d), Unix milliseconds or an ISO date.');
const until = z.string().max(40).optional().describe('Only traces that started before this time (same forms as since).');
const filters = {
  model: z.string().max(200).optional().describe('Only traces that called this model; a family name matches its versions (gpt-4o matches gpt-4o-2024-08-06).'),
  service: z.string().max(200).optional().describe('Only traces whose root span comes from this service (service.name).'),
  errors_only: z.boolean().optional().describe('Only traces with at least one span in error.'),
  session: z.string().max(500).optional().describe('Only traces of this session (session.id, gen_ai.conversation.id ...).'),
  user: z.string().max(500).optional().describe('Only traces of this user (user.id ...).'),
  since,
  until,
};
const traceId = z.string().regex(/^[0-9a-fA-F]{32}$/, 'a trace id is 32 hex characters').describe('The trace id (32 hex characters), as list_traces and search give it.');

const run =
  <A>(fn: (store: SpanStore, args: A, options: QueryOptions) => QueryResult<unknown>) =>
  (store: SpanStore, args: Record<string, unknown>, options: QueryOptions) =>
    fn(store, args as A, options);

/** The query tools, in the order an agent would usually use them. */
export const QUERY_TOOLS: readonly QueryTool[] = [
  {
    name: 'list_traces',
    title: 'List traces',
    description:
      'List the traces of LLM calls the local Tracelight viewer holds, newest first: one line per trace with its id, start time, name, service, duration, ' +
      'LLM calls and models, tokens, cost and errors, plus how many traces match and their totals. Start here to find the request you are debugging ' +
      "(errors_only: true for failures, since: '10m' for recent ones, query for a name); then call get_trace with its id.",
    shape: {
      query: z.string().max(500).optional().describe('Text in the trace id, any span name, the service, a model, the session or the user (case-insensitive).'),
      ...filters,
      limit: z.number().int().min(1).max(1000).optional().describe('Traces per page (default 20).'),
      cursor: z.string().max(20).optional().describe('The cursor a previous result gave, for the next (older) page.'),
      max_bytes: maxBytes,
    },
    run: run(listTraces),
  },
  {
    name: 'get_trace',
    title: 'Get a trace',
    description:
      'One trace as a compact tree of its spans (name, span id, start, duration, status, LLM provider and model, tokens, cost) with each LLM call\'s ' +
      'conversation (system instructions, input and output messages, tool calls) and each tool\'s or workflow\'s input and output, long texts cut to fit ' +
      'with a marker saying how to read the rest. Content an agent loop resends every turn is shown once. Use it to see what happened in one request; ' +
      'a very big trace comes with an overview (span names, error spans) and is paged with offset. Follow with get_span for one span in full.',
    shape: {
      trace_id: traceId,
      offset: z.number().int().min(0).optional().describe('The first span to show, in tree order (0-based), for the next page of a big trace.'),
      max_bytes: maxBytes,
    },
    run: run(getTrace),
  },
  {
    name: 'get_span',
    title: 'Get a span',
    description:
      'One span in full: identity, timing and status, the LLM call\'s models, tokens (cache and reasoning), cost and request parameters, then the whole ' +
      'conversation part by part (field paths like input.0.0, output.0.0), tool calls and results, events, attributes and resource. Long content is paged: ' +
      'pass field and offset (from a cut marker [+N chars: FIELD@OFFSET] or a search match) to read one field on, a page at a time.',
    shape: {
      trace_id: traceId,
      span_id: z.string().regex(/^[0-9a-fA-F]{16}$/, 'a span id is 16 hex characters').describe('The span id (16 hex characters), as get_trace and search give it.'),
      field: z.string().max(500).optional().describe('Read only this field (e.g. output.0.0, input.3.1, entity.output, attr.gen_ai.input.messages), from offset on.'),
      offset: z.number().int().min(0).optional().describe('With field: the character to start at (a cut marker gives it).'),
      first_field: z.number().int().min(0).optional().describe('The first field to list (0-based), for a span with more fields than one result holds.'),
      max_bytes: maxBytes,
    },
    run: run(getSpan),
  },
  {
    name: 'search',
    title: 'Search span content',
    description:
      'Full-text search (case-insensitive) over what the traced app sent and received: prompts, completions, system instructions, tool call arguments ' +
      'and results, tool and workflow input and output, and error messages. Newest traces first; each matching span comes with a snippet around each ' +
      'match and the field and offset to read it with get_span. Use it to find where a phrase, an id, a tool result or an error text appears.',
    shape: {
      text: z.string().min(1).max(1000).describe('The text to find (case-insensitive, matched literally).'),
      ...filters,
      limit: z.number().int().min(1).max(500).optional().describe('Matching spans per result (default 20).'),
      cursor: z.string().max(80).optional().describe('The cursor a previous result gave, to continue with older traces.'),
      max_bytes: maxBytes,
    },
    run: run(search),
  },
  {
    name: 'usage_summary',
    title: 'Usage summary',
    description:
      'Tokens, estimated cost, LLM calls, errors and latency percentiles (p50/p95/p99) by model, by service and by session, over the traces a window and ' +
      "filters select (default: everything the viewer holds; since: '1h' for the last hour). Use it for what did this cost, which model is slow or " +
      'failing, which session used the most tokens.',
    shape: {
      ...filters,
      top: z.number().int().min(1).max(1000).optional().describe('Rows per group, biggest cost first (default 10).'),
      max_bytes: maxBytes,
    },
    run: run(usageSummary),
  },
];

/**
 * The tool of a name, or undefined.
 * @example queryTool('get_trace')?.description
 */
export function queryTool(name: string): QueryTool | undefined {
  return QUERY_TOOLS.find((t) => t.name === name);
}

/** A zod error as one readable sentence. */
function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
}

/**
 * Validates a tool's arguments against its schema (unknown arguments refused); throws `QueryArgumentError`.
 * @example parseToolArgs(queryTool('list_traces')!, { limit: 5 })
 */
export function parseToolArgs(tool: QueryTool, args: unknown): Record<string, unknown> {
  const parsed = z.object(tool.shape).strict().safeParse(args ?? {});
  if (!parsed.success) throw new QueryArgumentError(issues(parsed.error));
  return parsed.data;
}

const baseType = (schema: z.ZodTypeAny): z.ZodTypeAny =>
  schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable ? baseType(schema._def.innerType) : schema;

/**
 * A tool's arguments from a query string (`GET /api/query/<name>?limit=5&errors_only=true`): numbers and booleans
 * read by the schema's types, then validated like MCP arguments. `format` and `hints` are the route's own.
 * @example argsOfParams(queryTool('list_traces')!, new URLSearchParams('since=10m&errors_only=1'))
 */
export function argsOfParams(tool: QueryTool, params: URLSearchParams): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'format' || key === 'hints') continue;
    const schema = tool.shape[key];
    const type = schema ? baseType(schema) : null;
    if (type instanceof z.ZodNumber && /^-?\d+(\.\d+)?$/.test(value.trim())) raw[key] = Number(value);
    else if (type instanceof z.ZodBoolean && /^(true|1|false|0)$/i.test(value.trim())) raw[key] = /^(true|1)$/i.test(value.trim());
    else raw[key] = value;
  }
  return parseToolArgs(tool, raw);
}

/**
 * Tool arguments as a query string for `GET /api/query/<name>` (the inverse of `argsOfParams`).
 * @example paramsOfArgs({ limit: 5, errors_only: true }).toString() // 'limit=5&errors_only=true'
 */
export function paramsOfArgs(args: Record<string, unknown>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) if (value !== undefined && value !== null) params.set(key, String(value));
  return params;
}

/**
 * Runs a query tool by name with unvalidated arguments (validated here); `max_bytes` becomes the budget.
 * @example runQueryTool(store, 'list_traces', { errors_only: true }, { hints: MCP_HINTS }).text
 */
export function runQueryTool(store: SpanStore, tool: QueryTool, args: Record<string, unknown>, options: QueryOptions = {}): QueryResult<unknown> {
  const parsed = parseToolArgs(tool, args);
  return tool.run(store, parsed, { ...options, maxBytes: (parsed.max_bytes as number | undefined) ?? options.maxBytes });
}
