import type { TraceSummary } from '../../shared/api-types.js';
import { genAiSummary } from '../../shared/gen-ai-summary.js';
import { isModelCall, wrappingCalls } from '../../shared/llm-call-totals.js';
import type { PriceTable } from '../../shared/model-prices.js';
import { sessionIdOf, userIdOf } from '../../shared/trace-identity.js';
import type { IdSets } from './id-sets.js';
import type { ScannedSpan } from './scan-otlp-traces.js';
import type { StringTable } from './string-table.js';
import type { TraceTable } from './trace-table.js';

/** A model call of a trace, as its totals need it. */
export interface LlmCall {
  spanId: string;
  parentSpanId: string | null;
  input: number;
  output: number;
  cacheRead: number;
  /** Null when the model has no known price. */
  cost: number | null;
  /** Interned model name, -1 none. */
  model: number;
}

/** What a trace knows about itself, kept as it grows: root, times, counts, names, models, session, model-call totals. */
export interface TraceAggregates {
  /** Folds a just-stored span into its trace's aggregates. */
  fold(slot: number, span: ScannedSpan, serviceName: string): void;
  /** Lets go of what an evicted trace held (strings, sets, model calls). */
  evict(slot: number): void;
  /** The trace's summary (model-call totals recomputed first if spans arrived since). */
  summary(slot: number): TraceSummary;
  /** Brings the model-call totals columns up to date. */
  refreshTotals(slot: number): void;
  rootName(slot: number): string;
  rootService(slot: number): string;
  models(slot: number): string[];
  names(slot: number): string[];
  /** The trace's model calls that count (not wrapping another call), each with its model name. */
  countedCalls(slot: number): Array<{ call: LlmCall; model: string }>;
  /** Heap bytes of the model-call lists. */
  bytes(): number;
}

/** Dependencies of the aggregates, owned by the store. */
export interface AggregateDeps {
  table: () => TraceTable;
  strings: StringTable;
  sets: IdSets;
  prices: PriceTable;
  /** The parent id of a span of trace `slot` (from its record); undefined when the span is not stored. */
  parentOf(slot: number, spanId: string): string | null | undefined;
  hex(buf: Uint8Array, at: number, length: number): string;
}

const LLM_CALL_BYTES = 160;
const TWO_32 = 4294967296;

/**
 * Creates the aggregates over the store's trace table, kept span by span to the one summary rule written out in
 * `summarizeTrace` (`viewer/shared/summarize-trace.ts`; a test checks the two agree on random traces). Model-call
 * totals are recomputed lazily when a trace got a new call.
 * @example
 * const aggregates = createTraceAggregates({ table: () => table, strings, sets, prices, parentOf, hex });
 * aggregates.fold(slot, scannedSpan, 'support-bot');
 */
export function createTraceAggregates(deps: AggregateDeps): TraceAggregates {
  const { strings, sets, prices } = deps;
  const llm = new Map<number, LlmCall[]>();
  let bytes = 0;

  function setRoot(slot: number, name: string, service: string, start: number, parentless: boolean): void {
    const c = deps.table().c;
    const nameId = strings.acquire(name);
    const serviceId = service ? strings.acquire(service) : -1;
    strings.release(c.rootName[slot]);
    strings.release(c.rootService[slot]);
    c.rootName[slot] = nameId;
    c.rootService[slot] = serviceId;
    c.rootStart[slot] = start;
    c.rootParentless[slot] = parentless ? 1 : 0;
  }

  function addToSet(set: number, text: string): number {
    const id = strings.acquire(text);
    const next = sets.with(set, id);
    strings.release(id);
    return next;
  }

  function refreshTotals(slot: number): void {
    const c = deps.table().c;
    if (!c.dirty[slot]) return;
    c.dirty[slot] = 0;
    const calls = llm.get(slot) ?? [];
    const wrappers = wrappingCalls(calls, (id) => deps.parentOf(slot, id));
    // Summed in span id order, as `llmCallTotals` does: the same floating-point cost to the bit.
    calls.sort((a, b) => (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
    let count = 0;
    let input = 0;
    let output = 0;
    let cacheRead = 0;
    let cost = 0;
    let unpriced = 0;
    for (const call of calls) {
      if (wrappers.has(call.spanId)) continue;
      count++;
      input += call.input;
      output += call.output;
      cacheRead += call.cacheRead;
      if (call.cost === null) unpriced++;
      else cost += call.cost;
    }
    c.llmCalls[slot] = count;
    c.inputTokens[slot] = input;
    c.outputTokens[slot] = output;
    c.cacheReadTokens[slot] = cacheRead;
    c.cost[slot] = cost;
    c.unpriced[slot] = unpriced;
  }

  const rootName = (slot: number) => strings.text(deps.table().c.rootName[slot]);
  const rootService = (slot: number) => strings.text(deps.table().c.rootService[slot]);
  const models = (slot: number) => sets.members(deps.table().c.models[slot]).map((id) => strings.text(id)).sort();

  return {
    fold(slot, s, serviceName) {
      const c = deps.table().c;
      const start = s.startHi * TWO_32 + s.startLo;
      const end = s.endHi * TWO_32 + s.endLo;
      if (start < c.start[slot]) {
        c.start[slot] = start;
        c.startExact[slot] = (BigInt(s.startHi) << 32n) | BigInt(s.startLo);
      }
      if (end > c.end[slot]) c.end[slot] = end;
      if (s.statusCode === 2) c.errors[slot]++;
      const parentless = s.parentAt < 0;
      const rootParentless = c.rootParentless[slot] === 1;
      if ((parentless && (!rootParentless || start < c.rootStart[slot])) || (!parentless && !rootParentless && start < c.rootStart[slot])) {
        setRoot(slot, s.name, serviceName, start, parentless);
      }
      c.names[slot] = addToSet(c.names[slot], s.name);
      const picked = s.picked;
      // Session and user: from the earliest-starting span that names one (the shared summary rule).
      if (start < c.sessionStart[slot]) {
        const session = sessionIdOf(picked);
        if (session !== null) {
          strings.release(c.session[slot]);
          c.session[slot] = strings.acquire(session);
          c.sessionStart[slot] = start;
        }
      }
      if (start < c.userStart[slot]) {
        const user = userIdOf(picked);
        if (user !== null) {
          strings.release(c.user[slot]);
          c.user[slot] = strings.acquire(user);
          c.userStart[slot] = start;
        }
      }
      const g = genAiSummary(picked, prices);
      if (!g) return;
      const model = g.responseModel ?? g.requestModel;
      if (model) c.models[slot] = addToSet(c.models[slot], model);
      if (!isModelCall(g)) return;
      let calls = llm.get(slot);
      if (!calls) llm.set(slot, (calls = []));
      const modelId = model ? strings.acquire(model) : -1;
      calls.push({
        spanId: deps.hex(s.buf, s.spanIdAt, 8),
        parentSpanId: s.parentAt < 0 ? null : deps.hex(s.buf, s.parentAt, 8),
        input: g.inputTokens ?? 0,
        output: g.outputTokens ?? 0,
        cacheRead: g.cacheReadInputTokens ?? 0,
        cost: g.costUsd,
        model: modelId,
      });
      bytes += LLM_CALL_BYTES;
      c.dirty[slot] = 1;
    },
    evict(slot) {
      const c = deps.table().c;
      strings.release(c.rootName[slot]);
      strings.release(c.rootService[slot]);
      strings.release(c.session[slot]);
      strings.release(c.user[slot]);
      sets.release(c.names[slot]);
      sets.release(c.models[slot]);
      const calls = llm.get(slot);
      if (calls) {
        for (const call of calls) strings.release(call.model);
        bytes -= calls.length * LLM_CALL_BYTES;
        llm.delete(slot);
      }
    },
    summary(slot) {
      refreshTotals(slot);
      const t = deps.table();
      const c = t.c;
      return {
        traceId: t.ids[slot]!,
        name: rootName(slot),
        serviceName: rootService(slot),
        startTimeUnixNano: c.startExact[slot].toString(),
        durationMs: c.end[slot] >= c.start[slot] ? Math.round((c.end[slot] - c.start[slot]) / 1e3) / 1e3 : 0,
        spanCount: c.count[slot],
        errorCount: c.errors[slot],
        llmCalls: c.llmCalls[slot],
        inputTokens: c.inputTokens[slot],
        outputTokens: c.outputTokens[slot],
        costUsd: c.llmCalls[slot] > c.unpriced[slot] ? Math.round(c.cost[slot] * 1e9) / 1e9 : null,
        unpricedCalls: c.unpriced[slot],
        models: models(slot),
        sessionId: c.session[slot] >= 0 ? strings.text(c.session[slot]) : null,
        userId: c.user[slot] >= 0 ? strings.text(c.user[slot]) : null,
        hasRoot: c.rootParentless[slot] === 1,
      };
    },
    refreshTotals,
    rootName,
    rootService,
    models,
    names: (slot) => sets.members(deps.table().c.names[slot]).map((id) => strings.text(id)),
    countedCalls(slot) {
      const calls = llm.get(slot) ?? [];
      const wrappers = wrappingCalls(calls, (id) => deps.parentOf(slot, id));
      return calls.filter((call) => !wrappers.has(call.spanId)).map((call) => ({ call, model: strings.text(call.model) }));
    },
    bytes: () => bytes,
  };
}
