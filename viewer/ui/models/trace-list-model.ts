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

  const publish = () => {
    view.value = { items: matcher ? filtered.items : all.items, total: all.items.length };
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
    get: (id) => all.get(id),
    indexOf: (id) => (matcher ? filtered.indexOf(id) : all.indexOf(id)),
    setFilter(patch) {
      const next = { ...filter.value, ...patch };
      filter.value = next;
      matcher = isEmptyTraceFilter(next) ? null : traceMatcher(next);
      refilter();
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
      publish();
    },
    upsert(summaries) {
      if (!summaries.length) return;
      for (const s of summaries) {
        all.upsert(s);
        if (matcher) {
          if (matcher(s)) filtered.upsert(s);
          else filtered.remove(s.traceId);
        }
      }
      noteFacets(summaries);
      publish();
    },
    remove(traceIds) {
      for (const id of traceIds) {
        all.remove(id);
        filtered.remove(id);
      }
      publish();
    },
    clear() {
      all.clear();
      filtered.clear();
      publish();
    },
  };
}
