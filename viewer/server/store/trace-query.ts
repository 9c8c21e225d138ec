import type {
  BreakdownResponse,
  BreakdownRow,
  SessionSummary,
  SessionsResponse,
  TraceSummary,
  TraceTotals,
  TracesResponse,
} from '../../shared/api-types.js';
import type { TraceAggregates } from './trace-aggregates.js';
import type { TraceTable } from './trace-table.js';

/** Filters of a trace query (`GET /api/traces`, the MCP tools, the CLI). */
export interface TraceFilter {
  /** Case-insensitive text in the trace id, root name, any span name, service, model, session or user. */
  q?: string;
  /** A model name, or a family (`gpt-4o` also matches `gpt-4o-2024-08-06`). */
  model?: string;
  /** The root span's service. */
  service?: string;
  errorsOnly?: boolean;
  session?: string;
  user?: string;
  /** Only traces starting at or after / before these times (Unix nanoseconds, as numbers). */
  sinceNs?: number;
  untilNs?: number;
  /** Page size (default 1,000, at most 100,000). */
  limit?: number;
  /** The `next` of the previous page. */
  cursor?: string;
}

/** What the queries read from the store. */
export interface QuerySource {
  table: () => TraceTable;
  aggregates: TraceAggregates;
  /** Trace slots with at least one span, newest first, each with its arrival number (its first record). */
  newestFirst(before?: number): Iterable<[slot: number, arrival: number]>;
  /** The names of a trace's spans read from its records (for traces whose name set is full). */
  recordNames(slot: number): Iterable<string>;
  namesComplete(slot: number): boolean;
}

const emptyTotals = (): TraceTotals => ({ traces: 0, spans: 0, errors: 0, llmCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, unpricedCalls: 0 });

const modelMatches = (models: string[], wanted: string) => models.some((m) => m === wanted || m.startsWith(wanted + '-'));

const roundCost = (cost: number | null) => (cost === null ? null : Math.round(cost * 1e9) / 1e9);

/** The model-call totals a session or breakdown row adds up. */
type CallTotals = Pick<TraceSummary, 'llmCalls' | 'inputTokens' | 'outputTokens' | 'unpricedCalls' | 'costUsd'>;

/** Adds a trace's model-call totals to a row's (cost stays null while nothing priced was added). */
function addCalls(into: CallTotals, from: CallTotals): void {
  into.llmCalls += from.llmCalls;
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.unpricedCalls += from.unpricedCalls;
  if (from.costUsd !== null) into.costUsd = (into.costUsd ?? 0) + from.costUsd;
}

function matcher(src: QuerySource, filter: TraceFilter): (slot: number) => boolean {
  const q = filter.q?.trim().toLowerCase() || '';
  const { aggregates } = src;
  return (slot) => {
    const t = src.table();
    const c = t.c;
    if (filter.errorsOnly && c.errors[slot] === 0) return false;
    if (filter.service && aggregates.rootService(slot) !== filter.service) return false;
    if (filter.sinceNs !== undefined && c.start[slot] < filter.sinceNs) return false;
    if (filter.untilNs !== undefined && c.start[slot] >= filter.untilNs) return false;
    if (filter.model && !modelMatches(aggregates.models(slot), filter.model)) return false;
    if (filter.session !== undefined || filter.user !== undefined || q) {
      const summary = aggregates.summary(slot);
      if (filter.session !== undefined && summary.sessionId !== filter.session) return false;
      if (filter.user !== undefined && summary.userId !== filter.user) return false;
      if (q) {
        const hay = [t.ids[slot]!, summary.name, summary.serviceName, ...summary.models, summary.sessionId ?? '', summary.userId ?? ''];
        if (hay.some((h) => h.toLowerCase().includes(q))) return true;
        const names = src.namesComplete(slot) ? aggregates.names(slot) : src.recordNames(slot);
        for (const name of names) if (name.toLowerCase().includes(q)) return true;
        return false;
      }
    }
    return true;
  };
}

function addTotals(totals: TraceTotals, src: QuerySource, slot: number): void {
  const c = src.table().c;
  src.aggregates.refreshTotals(slot);
  totals.traces++;
  totals.spans += c.count[slot];
  totals.errors += c.errors[slot];
  totals.llmCalls += c.llmCalls[slot];
  totals.inputTokens += c.inputTokens[slot];
  totals.outputTokens += c.outputTokens[slot];
  totals.unpricedCalls += c.unpriced[slot];
  if (c.llmCalls[slot] > c.unpriced[slot]) totals.costUsd = (totals.costUsd ?? 0) + c.cost[slot];
}

/**
 * A page of traces, newest first, with how many match in all and their totals (every match is visited: totals and
 * `total` cover the whole filtered set, not just the page).
 * @example queryTraces(source, { model: 'gpt-4o', limit: 50 });
 */
export function queryTraces(src: QuerySource, filter: TraceFilter): TracesResponse {
  const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
  const before = filter.cursor ? parseInt(filter.cursor, 36) : Infinity;
  const match = matcher(src, filter);
  const totals = emptyTotals();
  const traces = [];
  let lastArrival = -1;
  let more = false;
  for (const [slot, arrival] of src.newestFirst()) {
    if (!match(slot)) continue;
    addTotals(totals, src, slot);
    if (arrival >= before) continue;
    if (traces.length < limit) {
      traces.push(src.aggregates.summary(slot));
      lastArrival = arrival;
    } else more = true;
  }
  const next = more ? lastArrival.toString(36) : null;
  totals.costUsd = roundCost(totals.costUsd);
  return { traces, total: totals.traces, next, totals };
}

/**
 * Sessions (traces grouped by their session id), most recently active first, with their totals; `filter` narrows
 * the traces first (e.g. `user`).
 * @example listSessions(source, { user: 'u_42' }, 100);
 */
export function listSessions(src: QuerySource, filter: TraceFilter): SessionsResponse {
  const match = matcher(src, filter);
  const bySession = new Map<string, SessionSummary & { last: bigint; first: bigint; end: number }>();
  const { aggregates } = src;
  for (const [slot] of src.newestFirst()) {
    if (!match(slot)) continue;
    const summary = aggregates.summary(slot);
    if (summary.sessionId === null) continue;
    const c = src.table().c;
    const start = c.startExact[slot];
    const end = c.end[slot];
    let s = bySession.get(summary.sessionId);
    if (!s) {
      s = {
        sessionId: summary.sessionId,
        userId: summary.userId,
        traceCount: 0,
        startTimeUnixNano: '',
        endTimeUnixNano: '',
        errorCount: 0,
        llmCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        unpricedCalls: 0,
        first: start,
        last: start,
        end,
      };
      bySession.set(summary.sessionId, s);
    }
    s.traceCount++;
    s.userId ??= summary.userId;
    if (start < s.first) s.first = start;
    if (start > s.last) s.last = start;
    if (end > s.end) s.end = end;
    s.errorCount += summary.errorCount;
    addCalls(s, summary);
  }
  const all = [...bySession.values()].sort((a, b) => (a.last === b.last ? 0 : a.last > b.last ? -1 : 1));
  const offset = filter.cursor ? Math.max(0, parseInt(filter.cursor, 36) || 0) : 0;
  const limit = Math.max(1, Math.min(filter.limit ?? 1000, 100_000));
  const page = all.slice(offset, offset + limit).map(({ first, last, end, ...s }) => ({
    ...s,
    startTimeUnixNano: first.toString(),
    endTimeUnixNano: BigInt(Math.max(Math.round(end), 0)).toString(),
    costUsd: roundCost(s.costUsd),
  }));
  return { sessions: page, total: all.length, next: offset + limit < all.length ? (offset + limit).toString(36) : null };
}

/**
 * Totals of the matching traces per model, service, user or session, biggest cost first. By model, each model call
 * counts for its own model (a trace calling two models adds to both rows, each with its own calls).
 * @example breakdown(source, 'model', { since: ... });
 */
export function breakdown(src: QuerySource, by: BreakdownResponse['by'], filter: TraceFilter): BreakdownResponse {
  const match = matcher(src, filter);
  const rows = new Map<string, BreakdownRow>();
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { key, traces: 0, llmCalls: 0, inputTokens: 0, outputTokens: 0, costUsd: null, unpricedCalls: 0, errors: 0 }));
    return r;
  };
  const { aggregates } = src;
  for (const [slot] of src.newestFirst()) {
    if (!match(slot)) continue;
    const summary = aggregates.summary(slot);
    if (by === 'model') {
      // Per model call, each counted once as in the trace's totals (calls wrapping another call are not counted).
      const seen = new Set<string>();
      for (const { call, model } of aggregates.countedCalls(slot)) {
        const r = row(model);
        if (!seen.has(model)) {
          seen.add(model);
          r.traces++;
          r.errors += summary.errorCount;
        }
        r.llmCalls++;
        r.inputTokens += call.input;
        r.outputTokens += call.output;
        if (call.cost === null) r.unpricedCalls++;
        else r.costUsd = (r.costUsd ?? 0) + call.cost;
      }
      if (!seen.size) {
        const r = row('');
        r.traces++;
        r.errors += summary.errorCount;
      }
      continue;
    }
    const key = by === 'service' ? summary.serviceName : by === 'user' ? (summary.userId ?? '') : (summary.sessionId ?? '');
    const r = row(key);
    r.traces++;
    r.errors += summary.errorCount;
    addCalls(r, summary);
  }
  const out = [...rows.values()].map((r) => ({ ...r, costUsd: roundCost(r.costUsd) }));
  out.sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.traces - a.traces || a.key.localeCompare(b.key));
  return { by, rows: out };
}
