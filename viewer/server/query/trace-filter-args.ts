import type { TraceFilter } from '../store/trace-query.js';
import { parseTimeBound } from '../parse-time-bound.js';
import { QueryArgumentError } from './query-options.js';

/** The trace filters the tools share (MCP argument names). */
export interface TraceFilterArgs {
  query?: string;
  model?: string;
  service?: string;
  errors_only?: boolean;
  session?: string;
  user?: string;
  /** A duration back from now (`10m`, `2h`, `1d`), Unix milliseconds or an ISO date. */
  since?: string;
  until?: string;
}

/**
 * The store filter of the tools' filter arguments; throws `QueryArgumentError` for a time it cannot read.
 * @example traceFilterOfArgs({ since: '10m', errors_only: true }, Date.now())
 */
export function traceFilterOfArgs(args: TraceFilterArgs, now: number): TraceFilter {
  const since = parseTimeBound(args.since, now);
  const until = parseTimeBound(args.until, now);
  if (since === null) throw new QueryArgumentError(`since must be a duration (10m, 2h, 1d), Unix milliseconds or an ISO date, got "${args.since}"`);
  if (until === null) throw new QueryArgumentError(`until must be a duration (10m, 2h, 1d), Unix milliseconds or an ISO date, got "${args.until}"`);
  return {
    q: args.query || undefined,
    model: args.model || undefined,
    service: args.service || undefined,
    errorsOnly: args.errors_only || undefined,
    session: args.session || undefined,
    user: args.user || undefined,
    sinceNs: since,
    untilNs: until,
  };
}

/**
 * The filters in words, for a result's header (empty when none).
 * @example describeFilter({ errors_only: true, since: '10m' }) // 'with errors, since 10m'
 */
export function describeFilter(args: TraceFilterArgs): string {
  const parts: string[] = [];
  if (args.query) parts.push(`matching "${args.query}"`);
  if (args.model) parts.push(`model ${args.model}`);
  if (args.service) parts.push(`service ${args.service}`);
  if (args.errors_only) parts.push('with errors');
  if (args.session) parts.push(`session ${args.session}`);
  if (args.user) parts.push(`user ${args.user}`);
  if (args.since) parts.push(`since ${args.since}`);
  if (args.until) parts.push(`until ${args.until}`);
  return parts.join(', ');
}
