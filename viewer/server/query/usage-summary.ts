import type { BreakdownRow, TraceTotals } from '../../shared/api-types.js';
import { GEN_AI_SUMMARY_KEYS, genAiSummary } from '../../shared/gen-ai-summary.js';
import { isModelCall, wrappingCalls } from '../../shared/llm-call-totals.js';
import type { SpanStore } from '../span-store.js';
import { keyMatcher, scanSpanMessage } from '../store/scan-otlp-traces.js';
import { byteLength, fitHard } from './fit-budget.js';
import { formatCount, formatMs, formatTime, oneLine } from './format-values.js';
import { percentiles, type Percentiles } from './percentiles.js';
import { resolveOptions, type QueryOptions, type QueryResult } from './query-options.js';
import { describeFilter, traceFilterOfArgs, type TraceFilterArgs } from './trace-filter-args.js';
import { costText, totalsText } from './trace-line.js';

/** Arguments of `usage_summary`. */
export interface UsageArgs extends TraceFilterArgs {
  /** Rows per group (models, services, sessions), biggest cost first. Default 10. */
  top?: number;
}

/** One row of a group: the store's breakdown (tokens, cost, calls, error spans) plus latencies. */
export interface UsageRow extends BreakdownRow {
  /** Durations of the LLM calls (each counted once, as in the totals), in ms. */
  callLatencyMs: Percentiles | null;
  /** Model rows: calls that ended in error; time to first chunk of streamed calls. */
  failedCalls?: number;
  firstChunkMs?: Percentiles | null;
  /** Service and session rows: trace durations, in ms. */
  traceLatencyMs?: Percentiles | null;
}

/** The data of a `usage_summary` result. */
export interface UsageSummary {
  /** The traces counted: how many, their totals, and the start of the first and last. */
  traces: number;
  totals: TraceTotals;
  firstTraceAt: string | null;
  lastTraceAt: string | null;
  byModel: UsageRow[];
  byService: UsageRow[];
  bySession: UsageRow[];
  /** Rows of each group left out (the smallest by cost) to keep to `top` and the byte budget. */
  omitted: { models: number; services: number; sessions: number };
}

const KEYS = keyMatcher(GEN_AI_SUMMARY_KEYS);
const TWO_32 = 4294967296;
const hex = (buf: Uint8Array, at: number) => Buffer.from(buf.buffer, buf.byteOffset + at, 8).toString('hex');

interface Samples {
  calls: number[];
  ttfc: number[];
  traces: number[];
  failed: number;
}

const samples = (map: Map<string, Samples>, key: string) => {
  let s = map.get(key);
  if (!s) map.set(key, (s = { calls: [], ttfc: [], traces: [], failed: 0 }));
  return s;
};

/** The model calls of a trace read from its undecoded records: model, duration, first chunk, failed. */
function callsOf(store: SpanStore, traceId: string): Array<{ model: string; ms: number; ttfc: number | null; failed: boolean }> {
  const calls: Array<{ spanId: string; parentSpanId: string | null; model: string; ms: number; ttfc: number | null; failed: boolean }> = [];
  const parents = new Map<string, string | null>();
  for (const { type, message } of store.rawMessages(traceId)) {
    if (type !== 'span') continue;
    let s;
    try {
      s = scanSpanMessage(message, KEYS);
    } catch {
      continue; // a record that no longer scans (cannot happen for what ingest checked)
    }
    const spanId = hex(s.buf, s.spanIdAt);
    const parentSpanId = s.parentAt < 0 ? null : hex(s.buf, s.parentAt);
    parents.set(spanId, parentSpanId);
    const g = genAiSummary(s.picked);
    if (!g || !isModelCall(g)) continue;
    const ms = ((s.endHi - s.startHi) * TWO_32 + (s.endLo - s.startLo)) / 1e6;
    calls.push({ spanId, parentSpanId, model: g.responseModel ?? g.requestModel ?? '', ms: Math.max(0, ms), ttfc: g.timeToFirstChunkMs, failed: s.statusCode === 2 });
  }
  // One call seen several times (an SDK span over ours) counts once, as in the store's totals.
  const wrappers = wrappingCalls(calls, (id) => parents.get(id));
  return calls.filter((c) => !wrappers.has(c.spanId));
}

const DEFAULT_TOP = 10;

/**
 * Tokens, cost, LLM calls and errors by model, by service and by session over the traces a filter selects (by
 * default every trace the viewer holds; `since: '1h'` for the last hour), with latency percentiles: of the LLM calls
 * by model (and time to first chunk), of the traces and their calls by service and session. Token and cost figures
 * are the store's own breakdown (the UI's); latencies are read from the stored spans without decoding them.
 * @example usageSummary(store, { since: '24h' }).text
 */
export function usageSummary(store: SpanStore, args: UsageArgs, options?: QueryOptions): QueryResult<UsageSummary> {
  const { maxBytes, hints, now } = resolveOptions(options);
  const filter = traceFilterOfArgs(args, now);
  const byModel = new Map<string, Samples>();
  const byService = new Map<string, Samples>();
  const bySession = new Map<string, Samples>();
  let totals: TraceTotals | null = null;
  let count = 0;
  let first: string | null = null;
  let last: string | null = null;
  for (let cursor: string | undefined; ; ) {
    const page = store.queryTraces({ ...filter, limit: 10_000, cursor });
    totals ??= page.totals;
    count = page.total;
    for (const t of page.traces) {
      if (last === null || BigInt(t.startTimeUnixNano) > BigInt(last)) last = t.startTimeUnixNano;
      if (first === null || BigInt(t.startTimeUnixNano) < BigInt(first)) first = t.startTimeUnixNano;
      const service = samples(byService, t.serviceName);
      const session = samples(bySession, t.sessionId ?? '');
      service.traces.push(t.durationMs);
      session.traces.push(t.durationMs);
      if (!t.llmCalls) continue;
      for (const call of callsOf(store, t.traceId)) {
        const m = samples(byModel, call.model);
        m.calls.push(call.ms);
        if (call.ttfc != null) m.ttfc.push(call.ttfc);
        if (call.failed) m.failed++;
        service.calls.push(call.ms);
        session.calls.push(call.ms);
      }
    }
    if (!page.next) break;
    cursor = page.next;
  }
  const rows = (by: 'model' | 'service' | 'session', map: Map<string, Samples>): UsageRow[] =>
    store.breakdown(by, filter).rows.map((r) => {
      const s = map.get(r.key);
      const row: UsageRow = { ...r, callLatencyMs: percentiles(s?.calls ?? []) };
      if (by === 'model') {
        row.failedCalls = s?.failed ?? 0;
        row.firstChunkMs = percentiles(s?.ttfc ?? []);
      } else row.traceLatencyMs = percentiles(s?.traces ?? []);
      return row;
    });
  const all = { models: rows('model', byModel), services: rows('service', byService), sessions: rows('session', bySession).filter((r) => r.key !== '') };
  const top = Math.max(1, Math.min(Math.floor(args.top ?? DEFAULT_TOP), 1000));
  const keep = { models: Math.min(top, all.models.length), services: Math.min(top, all.services.length), sessions: Math.min(top, all.sessions.length) };

  const which = describeFilter(args);
  const p = (x: Percentiles | null | undefined) => (x ? `${formatMs(x.p50)} / ${formatMs(x.p95)} / ${formatMs(x.p99)}` : 'n/a');
  const line = (r: UsageRow, what: 'model' | 'other') => {
    const name = r.key ? oneLine(r.key, 100) : what === 'model' ? '(no model name)' : '(none)';
    const parts = [`${formatCount(r.traces)} traces`, `${formatCount(r.llmCalls)} LLM calls`, `${formatCount(r.inputTokens)}→${formatCount(r.outputTokens)} tokens`];
    const cost = costText(r.costUsd, r.llmCalls, r.unpricedCalls);
    if (cost) parts.push(cost);
    if (what === 'model') {
      parts.push(`${formatCount(r.failedCalls ?? 0)} failed calls`, `call latency ${p(r.callLatencyMs)}`);
      if (r.firstChunkMs) parts.push(`first chunk ${p(r.firstChunkMs)}`);
    } else parts.push(`${formatCount(r.errors)} error spans`, `trace latency ${p(r.traceLatencyMs)}`, `call latency ${p(r.callLatencyMs)}`);
    return `  ${name}: ${parts.join(' · ')}`;
  };
  const render = () => {
    const window = `${formatCount(count)} traces${which ? ` ${which}` : ' (everything the viewer holds)'}${first && last ? `, started ${formatTime(first)} to ${formatTime(last)}` : ''}`;
    const out = [`Usage of ${window}.`];
    if (!count) return out.join('\n');
    out.push(`Totals: ${totalsText(totals!)}. Latencies are p50 / p95 / p99.`);
    const group = (title: string, list: UsageRow[], shown: number, what: 'model' | 'other', noun: string) => {
      out.push(`${title}:`);
      for (const r of list.slice(0, shown)) out.push(line(r, what));
      if (list.length > shown) out.push(`  +${formatCount(list.length - shown)} more ${noun} with a smaller cost: ${hints.moreUsage(Math.min(list.length, 1000))}`);
      if (!list.length) out.push('  (none)');
    };
    group('By model (LLM calls each counted once)', all.models, keep.models, 'model', 'models');
    group('By service (of the root span)', all.services, keep.services, 'other', 'services');
    group('By session', all.sessions, keep.sessions, 'other', 'sessions');
    return out.join('\n');
  };
  let text = render();
  // Over the budget: fewer sessions first, then services, then models.
  for (const k of ['sessions', 'services', 'models'] as const) {
    while (byteLength(text) > maxBytes && keep[k] > 1) {
      keep[k] = Math.max(1, Math.floor(keep[k] * 0.7));
      text = render();
    }
  }
  return {
    text: fitHard(text, maxBytes),
    data: {
      traces: count,
      totals: totals!,
      firstTraceAt: first,
      lastTraceAt: last,
      byModel: all.models.slice(0, keep.models),
      byService: all.services.slice(0, keep.services),
      bySession: all.sessions.slice(0, keep.sessions),
      omitted: { models: all.models.length - keep.models, services: all.services.length - keep.services, sessions: all.sessions.length - keep.sessions },
    },
  };
}
