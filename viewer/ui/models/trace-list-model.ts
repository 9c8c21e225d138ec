import { signal, type ReadonlySignal } from '@preact/signals';
import type { TraceSummary, TraceTotals } from '../../shared/api-types.js';
import { nanoToMs } from '../lib/nano-time.js';
import { traceQueryOf } from '../lib/trace-query.js';
import type { ViewerTransport } from '../lib/viewer-transport.js';
import { createTraceIndex } from '../lib/trace-index.js';
import { emptyTraceFilter, isEmptyTraceFilter, traceMatcher, type TraceFilter } from '../lib/trace-filter.js';

/** What the trace list renders: the (filtered) summaries newest first, and the unfiltered total. */
export interface TraceListView {
  /** Shared, mutated in place by later updates: render from it, do not keep it. */
  items: readonly TraceSummary[];
  total: number;
}

/** What the server says about the current filter: every matching trace, not only the loaded ones. */
export interface TraceMatch {
  /** Traces matching the filter in all (null until the server answered). */
  total: number | null;
  /** Tokens, cost, errors ... of every matching trace. */
  totals: TraceTotals | null;
  /** More (older) matching traces can be loaded. */
  more: boolean;
  loading: boolean;
  error: string | null;
}

/**
 * The trace list: the summaries the page holds (the newest from `hello`, live updates, and older pages fetched as
 * the user scrolls), a filter answered by the server (so search and filters reach every stored trace), and the
 * filtered view.
 */
export interface TraceListModel {
  match: ReadonlySignal<TraceMatch>;
  /** Traces the server holds in all (from `hello`, then `/api/health`). */
  serverTotal: ReadonlySignal<number | null>;
  setServerTotal(total: number): void;
  /** Fetches the next (older) page of the current filter; a no-op while one is loading or when none is left. */
  loadMore(): Promise<void>;
  /** Asks the server again (after a reconnect); the view keeps what it shows until the answer. */
  requery(): Promise<void>;
  view: ReadonlySignal<TraceListView>;
  filter: ReadonlySignal<TraceFilter>;
  /**
   * Paused: the list keeps its rows where they are (updates to listed traces apply in place, new traces are held
   * back and counted in `arrivedWhilePaused`); resuming shows everything.
   */
  paused: ReadonlySignal<boolean>;
  /** Traces that arrived (matching the filter) while paused and are not listed yet. */
  arrivedWhilePaused: ReadonlySignal<number>;
  setPaused(paused: boolean): void;
  /** Distinct models and services seen, for the filter menus. */
  models: ReadonlySignal<string[]>;
  services: ReadonlySignal<string[]>;
  setFilter(patch: Partial<TraceFilter>): void;
  /** Replaces everything (on `hello`). */
  reset(summaries: readonly TraceSummary[]): void;
  /** Inserts or updates summaries (on `spans`); cost grows with the batch, not with the store. */
  upsert(summaries: readonly TraceSummary[]): void;
  remove(traceIds: readonly string[]): void;
  clear(): void;
  get(traceId: string): TraceSummary | undefined;
  /** Position of a trace in the current view (binary search), or -1. */
  indexOf(traceId: string): number;
}

/**
 * Creates the trace list model. Two ordered indexes (all traces and the filtered ones) are updated per changed
 * trace, so a live batch never re-sorts or re-filters the whole store; only a filter change scans everything.
 *
 * @example
 * const list = createTraceListModel();
 * list.upsert(message.traces);
 * list.setFilter({ errorsOnly: true });
 * list.view.value.items; // newest first, errors only
 */
export function createTraceListModel(transport?: ViewerTransport): TraceListModel {
  const all = createTraceIndex();
  const filtered = createTraceIndex();
  const filter = signal<TraceFilter>(emptyTraceFilter());
  const view = signal<TraceListView>({ items: all.items, total: 0 });
  const models = signal<string[]>([]);
  const services = signal<string[]>([]);
  const modelSet = new Set<string>();
  const serviceSet = new Set<string>();
  let matcher: ((t: TraceSummary) => boolean) | null = null;
  const match = signal<TraceMatch>({ total: null, totals: null, more: false, loading: false, error: null });
  const serverTotal = signal<number | null>(null);
  /** The cursor of the next page of a filtered query (unfiltered paging asks for traces older than the oldest held). */
  let next: string | null = null;
  let query = 0;
  let totalsTimer: ReturnType<typeof setTimeout> | undefined;
  let lastTotals = 0;
  const paused = signal(false);
  const arrivedWhilePaused = signal(0);
  /** While paused: the rows as they were, updated in place, and their positions. */
  let frozen: TraceSummary[] | null = null;
  let frozenAt = new Map<string, number>();
  const held = new Set<string>();

  const live = () => (matcher ? filtered : all);
  const publish = () => {
    view.value = { items: frozen ?? live().items, total: all.items.length };
  };
  const freeze = () => {
    frozen = [...live().items];
    frozenAt = new Map(frozen.map((t, i) => [t.traceId, i]));
    held.clear();
    arrivedWhilePaused.value = 0;
  };
  /** Applies a change to the frozen rows: in place for listed traces, counted for new ones. */
  const noteWhilePaused = (s: TraceSummary, listed: boolean) => {
    const at = frozenAt.get(s.traceId);
    if (at !== undefined) {
      if (listed) frozen![at] = s;
    } else if (listed && !held.has(s.traceId)) {
      held.add(s.traceId);
      arrivedWhilePaused.value = held.size;
    }
  };
  const dropFrozen = (ids: ReadonlySet<string>) => {
    if (!frozen) return;
    frozen = frozen.filter((t) => !ids.has(t.traceId));
    frozenAt = new Map(frozen.map((t, i) => [t.traceId, i]));
    for (const id of ids) held.delete(id);
    arrivedWhilePaused.value = held.size;
  };

  const noteFacets = (list: readonly TraceSummary[]) => {
    let newModel = false;
    let newService = false;
    for (const t of list) {
      for (const m of t.models) {
        if (modelSet.has(m)) continue;
        modelSet.add(m);
        newModel = true;
      }
      if (t.serviceName && !serviceSet.has(t.serviceName)) {
        serviceSet.add(t.serviceName);
        newService = true;
      }
    }
    if (newModel) models.value = [...modelSet].sort();
    if (newService) services.value = [...serviceSet].sort();
  };

  const refilter = () => {
    filtered.reset(matcher ? all.items.filter(matcher) : []);
  };

  const active = () => (matcher ? filtered : all);
  const PAGE = 200;

  /** Asks the server for the first page of the current filter; its answer replaces the filtered rows. */
  async function runQuery(): Promise<void> {
    if (!transport) return;
    const mine = ++query;
    const f = filter.peek();
    match.value = { ...match.peek(), loading: true, error: null };
    try {
      const answer = await transport.queryTraces({ ...traceQueryOf(f), limit: PAGE });
      if (mine !== query) return;
      if (matcher) {
        // Live traces that matched while the question was out stay (they may be newer than the answer).
        const answered = new Set(answer.traces.map((t) => t.traceId));
        const live = filtered.items.filter((t) => !answered.has(t.traceId) && matcher!(t));
        filtered.reset([...answer.traces, ...live]);
      }
      for (const t of answer.traces) all.upsert(t);
      noteFacets(answer.traces);
      next = answer.next;
      match.value = { total: answer.total, totals: answer.totals, more: moreLeft(answer.total), loading: false, error: null };
      if (frozen) freeze();
      publish();
    } catch (e) {
      if (mine === query) match.value = { ...match.peek(), loading: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  const moreLeft = (total: number) => active().items.length < total;

  /** Re-asks the server for the totals of the current filter, at most once a second (live batches call it). */
  function refreshTotalsSoon(): void {
    if (!transport || totalsTimer) return;
    const wait = Math.max(50, lastTotals + 1000 - Date.now());
    totalsTimer = setTimeout(async () => {
      totalsTimer = undefined;
      lastTotals = Date.now();
      const mine = query;
      try {
        const answer = await transport.queryTraces({ ...traceQueryOf(filter.peek()), limit: 1 });
        if (mine !== query) return;
        match.value = { ...match.peek(), total: answer.total, totals: answer.totals, more: moreLeft(answer.total) };
      } catch {
        // The next batch asks again; the header keeps the last figures.
      }
    }, wait);
    (totalsTimer as { unref?: () => void }).unref?.();
  }

  return {
    match,
    serverTotal,
    setServerTotal(total) {
      serverTotal.value = total;
    },
    requery: runQuery,
    async loadMore() {
      const m = match.peek();
      if (!transport || m.loading || !m.more) return;
      const mine = query;
      match.value = { ...m, loading: true };
      try {
        const base = traceQueryOf(filter.peek());
        const oldest = active().items[active().items.length - 1];
        // Filtered pages follow the server's cursor; the unfiltered list asks for what is older than its oldest row
        // (its first rows came from `hello`, which has no cursor).
        const answer =
          matcher && next
            ? await transport.queryTraces({ ...base, cursor: next, limit: PAGE * 2 })
            : await transport.queryTraces({ ...base, until: oldest ? nanoToMs(oldest.startTimeUnixNano) + 0.001 : undefined, limit: PAGE * 2 });
        if (mine !== query) return;
        for (const t of answer.traces) {
          all.upsert(t);
          if (matcher && matcher(t)) filtered.upsert(t);
        }
        noteFacets(answer.traces);
        next = answer.next;
        const total = match.peek().total ?? answer.total;
        const grew = answer.traces.some((t) => active().indexOf(t.traceId) >= 0);
        match.value = { ...match.peek(), loading: false, more: grew && moreLeft(total) };
        if (frozen) freeze();
        publish();
      } catch (e) {
        if (mine === query) match.value = { ...match.peek(), loading: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
    view,
    filter,
    models,
    services,
    paused,
    arrivedWhilePaused,
    get: (id) => all.get(id),
    indexOf: (id) => (frozen ? (frozenAt.get(id) ?? -1) : live().indexOf(id)),
    setPaused(next) {
      if (next === paused.peek()) return;
      paused.value = next;
      if (next) freeze();
      else {
        frozen = null;
        frozenAt = new Map();
        held.clear();
        arrivedWhilePaused.value = 0;
      }
      publish();
    },
    setFilter(patch) {
      const next = { ...filter.value, ...patch };
      filter.value = next;
      matcher = isEmptyTraceFilter(next) ? null : traceMatcher(next);
      refilter();
      // A new filter is a new question: its answer is shown, and a pause restarts from it.
      if (frozen) freeze();
      match.value = { total: null, totals: null, more: false, loading: !!transport, error: null };
      publish();
      // The rows the page holds answer at once; the server's answer (every stored trace) follows.
      void runQuery();
    },
    reset(summaries) {
      all.reset(summaries);
      modelSet.clear();
      serviceSet.clear();
      models.value = [];
      services.value = [];
      noteFacets(summaries);
      refilter();
      if (frozen) freeze();
      publish();
    },
    upsert(summaries) {
      if (!summaries.length) return;
      for (const s of summaries) {
        all.upsert(s);
        const listed = !matcher || matcher(s);
        if (matcher) {
          if (listed) filtered.upsert(s);
          else filtered.remove(s.traceId);
        }
        if (frozen) noteWhilePaused(s, listed);
      }
      noteFacets(summaries);
      publish();
      refreshTotalsSoon();
    },
    remove(traceIds) {
      for (const id of traceIds) {
        all.remove(id);
        filtered.remove(id);
      }
      dropFrozen(new Set(traceIds));
      publish();
      refreshTotalsSoon();
    },
    clear() {
      all.clear();
      filtered.clear();
      if (frozen) freeze();
      publish();
    },
  };
}
