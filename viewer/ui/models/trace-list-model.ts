import { signal, type ReadonlySignal } from '@preact/signals';
import type { TraceSummary } from '../../shared/api-types.js';
import { createTraceIndex } from '../lib/trace-index.js';
import { emptyTraceFilter, isEmptyTraceFilter, traceMatcher, type TraceFilter } from '../lib/trace-filter.js';

/** What the trace list renders: the (filtered) summaries newest first, and the unfiltered total. */
export interface TraceListView {
  /** Shared, mutated in place by later updates: render from it, do not keep it. */
  items: readonly TraceSummary[];
  total: number;
}

/** The trace list: every summary the server has, a filter, and the filtered view. */
export interface TraceListModel {
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
export function createTraceListModel(): TraceListModel {
  const all = createTraceIndex();
  const filtered = createTraceIndex();
  const filter = signal<TraceFilter>(emptyTraceFilter());
  const view = signal<TraceListView>({ items: all.items, total: 0 });
  const models = signal<string[]>([]);
  const services = signal<string[]>([]);
  const modelSet = new Set<string>();
  const serviceSet = new Set<string>();
  let matcher: ((t: TraceSummary) => boolean) | null = null;
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

  return {
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
      publish();
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
    },
    remove(traceIds) {
      for (const id of traceIds) {
        all.remove(id);
        filtered.remove(id);
      }
      dropFrozen(new Set(traceIds));
      publish();
    },
    clear() {
      all.clear();
      filtered.clear();
      if (frozen) freeze();
      publish();
    },
  };
}
