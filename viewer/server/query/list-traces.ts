import type { TraceSummary, TraceTotals } from '../../shared/api-types.js';
import type { SpanStore } from '../span-store.js';
import { byteLength, fitHard } from './fit-budget.js';
import { formatCount } from './format-values.js';
import { QueryArgumentError, resolveOptions, type QueryOptions, type QueryResult } from './query-options.js';
import { describeFilter, traceFilterOfArgs, type TraceFilterArgs } from './trace-filter-args.js';
import { totalsText, traceLine } from './trace-line.js';

/** Arguments of `list_traces`. */
export interface ListTracesArgs extends TraceFilterArgs {
  /** Traces per page (default 20). */
  limit?: number;
  /** The cursor a previous page gave, for the next (older) page. */
  cursor?: string;
}

/** The data of a `list_traces` result. */
export interface TraceList {
  /** The traces shown, newest first. */
  traces: TraceSummary[];
  /** Traces matching the filters in all (every page). */
  total: number;
  /** Cursor of the next (older) page; null when these are the last. */
  next: string | null;
  /** Totals over every matching trace. */
  totals: TraceTotals;
  /** Traces the page would have held but the byte budget left for the next page. */
  cutByBudget: number;
}

export const DEFAULT_TRACE_LIMIT = 20;

/**
 * A page of traces, newest first, one line each, with how many match in all, their totals and the cursor of the
 * next page. A page the budget cannot hold is shortened (re-queried, so the cursor continues right after the last
 * trace shown) and says so.
 * @example listTraces(store, { errors_only: true, since: '1h' }).text
 */
export function listTraces(store: SpanStore, args: ListTracesArgs, options?: QueryOptions): QueryResult<TraceList> {
  const { maxBytes, hints, now } = resolveOptions(options);
  if (args.cursor !== undefined && !/^[0-9a-z]{1,13}$/.test(args.cursor)) throw new QueryArgumentError('cursor must be the cursor a previous page gave');
  const filter = traceFilterOfArgs(args, now);
  const wanted = Math.max(1, Math.min(Math.floor(args.limit ?? DEFAULT_TRACE_LIMIT), 1000));
  let limit = wanted;
  for (;;) {
    const page = store.queryTraces({ ...filter, limit, cursor: args.cursor });
    const lines = page.traces.map(traceLine);
    const shortened = limit < wanted && page.next !== null;
    const render = (shown: number, next: string | null) => {
      const which = describeFilter(args);
      const head =
        page.total === 0
          ? `No traces${which ? ` ${which}` : ''} in the viewer.`
          : `${formatCount(shown)} of ${formatCount(page.total)} traces${which ? ` ${which}` : ''}${args.cursor ? ' (older than the previous page)' : ''}, newest first. All ${formatCount(page.total)}: ${totalsText(page.totals)}.`;
      const out = [head, ...lines.slice(0, shown)];
      if (next) out.push(`More traces${shortened ? ` (this page holds ${shown} of the ${wanted} asked for, to fit the ${maxBytes}-byte budget)` : ''}: ${hints.moreTraces(next)}.`);
      return out.join('\n');
    };
    const text = render(page.traces.length, page.next);
    if (byteLength(text) <= maxBytes || page.traces.length <= 1) {
      const data: TraceList = { traces: page.traces, total: page.total, next: page.next, totals: page.totals, cutByBudget: shortened ? wanted - page.traces.length : 0 };
      return { text: fitHard(text, maxBytes), data };
    }
    // As many lines as fit (the longest cursor assumed), then the page again with that limit, so that its cursor
    // continues right after the last line shown.
    let used = byteLength(render(0, 'z'.repeat(13))) + 200;
    let fits = 0;
    while (fits < lines.length && used + byteLength(lines[fits]) + 1 <= maxBytes) used += byteLength(lines[fits++]) + 1;
    limit = Math.max(1, Math.min(fits, limit - 1));
  }
}
