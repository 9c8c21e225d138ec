/**
 * How a result tells its reader to get what it left out: as the MCP tool call to make, or as the `tracelight`
 * command to run. The content is the same either way; only these sentences differ.
 */
export interface ContinueHints {
  /** The header sentence that explains cut markers (`[+N chars: FIELD@OFFSET]`). */
  cutNote: string;
  /** How to read a field from an offset, with FIELD and OFFSET (and TRACE and SPAN) as placeholders. */
  fieldPattern: string;
  /** The next page of a trace list, with the same filters. */
  moreTraces(cursor: string): string;
  /** The spans of a trace's tree from `offset` on. */
  traceFrom(traceId: string, offset: number): string;
  /** A span in full. */
  span(traceId: string, spanId: string): string;
  /** A span's fields from `firstField` on. */
  spanFrom(traceId: string, spanId: string, firstField: number): string;
  /** One field of a span from character `offset` on. */
  spanField(traceId: string, spanId: string, field: string, offset: number): string;
  /** More search results, with the same text and filters. */
  moreSearch(cursor: string): string;
  /** A usage summary with more rows per group. */
  moreUsage(top: number): string;
}

/** Hints naming the MCP tools and their arguments. */
export const MCP_HINTS: ContinueHints = {
  cutNote: 'A cut text ends with [+N chars: FIELD@OFFSET]; read on with get_span(trace_id, span_id, field: FIELD, offset: OFFSET).',
  fieldPattern: 'get_span(trace_id, span_id, field: FIELD, offset: OFFSET)',
  moreTraces: (cursor) => `list_traces with the same filters and cursor: "${cursor}"`,
  traceFrom: (traceId, offset) => `get_trace(trace_id: "${traceId}", offset: ${offset})`,
  span: (traceId, spanId) => `get_span(trace_id: "${traceId}", span_id: "${spanId}")`,
  spanFrom: (traceId, spanId, first) => `get_span(trace_id: "${traceId}", span_id: "${spanId}", first_field: ${first})`,
  spanField: (traceId, spanId, field, offset) => `get_span(trace_id: "${traceId}", span_id: "${spanId}", field: "${field}", offset: ${offset})`,
  moreSearch: (cursor) => `search with the same text and filters and cursor: "${cursor}"`,
  moreUsage: (top) => `usage_summary with the same filters and top: ${top} (or a narrower filter)`,
};

/** Hints naming `tracelight` commands and flags. */
export const CLI_HINTS: ContinueHints = {
  cutNote: 'A cut text ends with [+N chars: FIELD@OFFSET]; read on with: tracelight show TRACE --span SPAN --field FIELD --offset OFFSET.',
  fieldPattern: 'tracelight show TRACE --span SPAN --field FIELD --offset OFFSET',
  moreTraces: (cursor) => `the same command with --cursor ${cursor}`,
  traceFrom: (traceId, offset) => `tracelight show ${traceId} --offset ${offset}`,
  span: (traceId, spanId) => `tracelight show ${traceId} --span ${spanId}`,
  spanFrom: (traceId, spanId, first) => `tracelight show ${traceId} --span ${spanId} --first-field ${first}`,
  spanField: (traceId, spanId, field, offset) => `tracelight show ${traceId} --span ${spanId} --field ${field} --offset ${offset}`,
  moreSearch: (cursor) => `the same command with --cursor ${cursor}`,
  moreUsage: (top) => `the same command with --top ${top} (or a narrower filter)`,
};

/**
 * The hints for a reader: `cli` for the command line, anything else for MCP.
 * @example hintsFor('cli').traceFrom(id, 40)
 */
export function hintsFor(reader: string | null | undefined): ContinueHints {
  return reader === 'cli' ? CLI_HINTS : MCP_HINTS;
}
