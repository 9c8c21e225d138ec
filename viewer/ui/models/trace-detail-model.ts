import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { StoredSpan } from '../../shared/api-types.js';
import { buildSpanTree, type SpanTree } from '../lib/build-span-tree.js';
import { llmCallTotals, type LlmCallTotals } from '../../shared/llm-call-totals.js';
import type { ViewerTransport } from '../lib/viewer-transport.js';

/** Where the open trace is: being fetched, shown, unknown to the server, failed, or evicted while open. */
export type TraceDetailStatus = 'idle' | 'loading' | 'ready' | 'missing' | 'error' | 'evicted';

/** The open trace: its spans (the only spans the page keeps), the tree for the waterfall, collapsed nodes. */
export interface TraceDetailModel {
  traceId: ReadonlySignal<string | null>;
  status: ReadonlySignal<TraceDetailStatus>;
  error: ReadonlySignal<string | null>;
  tree: ReadonlySignal<SpanTree>;
  /** Model calls (each counted once), tokens, cost and errors over every span of the trace, collapsed or not. */
  totals: ReadonlySignal<LlmCallTotals & { errors: number }>;
  /** Bumped whenever the open trace's spans change. */
  version: ReadonlySignal<number>;
  collapsed: ReadonlySignal<ReadonlySet<string>>;
  getSpan(spanId: string): StoredSpan | undefined;
  /** Subscribes to the trace's live spans, fetches and shows it; live spans that arrive meanwhile are merged. */
  open(traceId: string): Promise<void>;
  /** Subscribes and fetches the open trace again, keeping what is shown until the answer (resync after reconnect). */
  reload(): Promise<void>;
  /** Closes the trace and unsubscribes from its live spans. */
  close(): void;
  /** Applies live spans; those of other traces are ignored, so the page never holds the whole store. */
  applyLive(spans: readonly StoredSpan[]): void;
  markEvicted(): void;
  toggleCollapsed(spanId: string): void;
  /** Expands every collapsed ancestor of a span so its row is visible. */
  reveal(spanId: string): void;
}

/**
 * Creates the model of the open trace.
 *
 * @example
 * const detail = createTraceDetailModel(transport);
 * await detail.open(traceId);
 * detail.tree.value.rows.length; // spans in waterfall order
 */
export function createTraceDetailModel(transport: ViewerTransport): TraceDetailModel {
  const traceId = signal<string | null>(null);
  const status = signal<TraceDetailStatus>('idle');
  const error = signal<string | null>(null);
  const version = signal(0);
  const collapsed = signal<ReadonlySet<string>>(new Set());
  let spans = new Map<string, StoredSpan>();
  /** Live spans received while a fetch is in flight; null when none is. */
  let pending: StoredSpan[] | null = null;
  let request = 0;

  /** The spans as an array, copied once per change and shared by the tree and the totals. */
  const list = computed(() => {
    version.value;
    return [...spans.values()];
  });

  const tree = computed(() => buildSpanTree(list.value, collapsed.value));

  const totals = computed(() => {
    const all = list.value;
    return { ...llmCallTotals(all), errors: all.filter((s) => s.status.code === 2).length };
  });

  async function load(id: string, keep: boolean): Promise<void> {
    const mine = ++request;
    pending = [];
    if (!keep) {
      spans = new Map();
      collapsed.value = new Set();
      status.value = 'loading';
      error.value = null;
      version.value++;
    }
    try {
      // Subscribed first: spans the answer lacks were ingested after the server switched, so they arrive live.
      await transport.subscribe(id);
      if (mine !== request) return;
      const answer = await transport.getTrace(id);
      if (mine !== request) return;
      const next = new Map<string, StoredSpan>();
      for (const s of answer?.spans ?? []) next.set(s.spanId, s);
      for (const s of pending) next.set(s.spanId, s);
      spans = next;
      status.value = next.size ? 'ready' : 'missing';
      error.value = null;
    } catch (e) {
      if (mine !== request) return;
      for (const s of pending ?? []) spans.set(s.spanId, s);
      status.value = 'error';
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === request) {
        pending = null;
        version.value++;
      }
    }
  }

  return {
    traceId,
    status,
    error,
    tree,
    totals,
    version,
    collapsed,
    getSpan: (id) => spans.get(id),
    open(id) {
      if (traceId.peek() === id && status.peek() !== 'error') return Promise.resolve();
      traceId.value = id;
      return load(id, false);
    },
    reload() {
      const id = traceId.peek();
      return id ? load(id, true) : Promise.resolve();
    },
    close() {
      if (traceId.peek() !== null) void transport.subscribe(null);
      request++;
      pending = null;
      spans = new Map();
      traceId.value = null;
      status.value = 'idle';
      error.value = null;
      version.value++;
    },
    applyLive(batch) {
      const id = traceId.peek();
      if (!id) return;
      let changed = false;
      for (const s of batch) {
        if (s.traceId !== id) continue;
        if (pending) pending.push(s);
        else spans.set(s.spanId, s);
        changed = true;
      }
      if (!changed || pending) return;
      if (status.peek() === 'missing' || status.peek() === 'evicted') status.value = 'ready';
      version.value++;
    },
    markEvicted() {
      if (traceId.peek()) status.value = 'evicted';
    },
    toggleCollapsed(spanId) {
      const next = new Set(collapsed.peek());
      if (!next.delete(spanId)) next.add(spanId);
      collapsed.value = next;
    },
    reveal(spanId) {
      const current = collapsed.peek();
      if (!current.size) return;
      const next = new Set(current);
      const seen = new Set<string>();
      let parent = spans.get(spanId)?.parentSpanId;
      while (parent && !seen.has(parent)) {
        seen.add(parent);
        next.delete(parent);
        parent = spans.get(parent)?.parentSpanId;
      }
      if (next.size !== current.size) collapsed.value = next;
    },
  };
}
