import { signal, type ReadonlySignal } from '@preact/signals';
import type { StoredSpan } from '../../shared/api-types.js';
import type { CompareRoute, CompareSide } from '../lib/route.js';
import type { ViewerTransport } from '../lib/viewer-transport.js';

/** Something picked for comparison: a trace, or one span of it, with a label for the tray. */
export interface CompareItem extends CompareSide {
  label: string;
}

/** One loaded side of the compare page. */
export interface LoadedSide {
  side: CompareSide;
  /** Every span of the side's trace (a span comparison also shows where each call sits). */
  spans: StoredSpan[];
  /** The compared span (span comparisons), null when the trace has no such span. */
  span: StoredSpan | null;
}

/** What the compare page shows. */
export type CompareState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; left: LoadedSide; right: LoadedSide }
  | { status: 'error'; message: string };

/** The compare tray (what the user picked) and the compare page's data. */
export interface CompareModel {
  /** At most two items; adding a third drops the oldest. */
  tray: ReadonlySignal<CompareItem[]>;
  state: ReadonlySignal<CompareState>;
  add(item: CompareItem): void;
  remove(item: CompareSide): void;
  clearTray(): void;
  has(item: CompareSide): boolean;
  /** Fetches both sides of a compare route. */
  load(route: CompareRoute): Promise<void>;
  close(): void;
}

const same = (a: CompareSide, b: CompareSide) => a.traceId === b.traceId && a.spanId === b.spanId;

/**
 * Creates the compare model. Sides are fetched with `getTrace`, so comparing never needs the traces in the list.
 *
 * @example
 * compare.add({ traceId, spanId, label: 'chat gpt-4o' });
 * await compare.load(compareRoute(a, b));
 */
export function createCompareModel(transport: ViewerTransport): CompareModel {
  const tray = signal<CompareItem[]>([]);
  const state = signal<CompareState>({ status: 'idle' });
  let request = 0;

  async function side(s: CompareSide): Promise<LoadedSide> {
    const trace = await transport.getTrace(s.traceId);
    if (!trace) throw new Error(`The server has no trace ${s.traceId} (evicted or cleared?).`);
    const span = s.spanId ? (trace.spans.find((x) => x.spanId === s.spanId) ?? null) : null;
    if (s.spanId && !span) throw new Error(`Trace ${s.traceId} has no span ${s.spanId}.`);
    return { side: s, spans: trace.spans, span };
  }

  return {
    tray,
    state,
    has: (item) => tray.peek().some((t) => same(t, item)),
    add(item) {
      const rest = tray.peek().filter((t) => !same(t, item));
      tray.value = [...rest, item].slice(-2);
    },
    remove(item) {
      tray.value = tray.peek().filter((t) => !same(t, item));
    },
    clearTray() {
      tray.value = [];
    },
    async load(route) {
      const mine = ++request;
      state.value = { status: 'loading' };
      try {
        const [left, right] = await Promise.all([side(route.left), side(route.right)]);
        if (mine === request) state.value = { status: 'ready', left, right };
      } catch (e) {
        if (mine === request) state.value = { status: 'error', message: e instanceof Error ? e.message : String(e) };
      }
    },
    close() {
      request++;
      state.value = { status: 'idle' };
    },
  };
}
