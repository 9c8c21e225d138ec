import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { StoredSpan } from '../../shared/api-types.js';
import type { LiveMessage } from '../../shared/live-messages.js';
import { otlpTraceIds } from '../lib/otlp-trace-ids.js';
import type { Route } from '../lib/route.js';
import type { ViewerTransport } from '../lib/viewer-transport.js';
import { createConnectionModel, type ConnectionModel } from './connection-model.js';
import { createTraceDetailModel, type TraceDetailModel } from './trace-detail-model.js';
import { createTraceListModel, type TraceListModel } from './trace-list-model.js';

/** A short message for the user (import result, failed clear ...). */
export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

/** The whole UI state: trace list, open trace, connection, route; plus the actions components call. */
export interface ViewerModel {
  traces: TraceListModel;
  detail: TraceDetailModel;
  connection: ConnectionModel;
  route: ReadonlySignal<Route>;
  selectedSpan: ReadonlySignal<StoredSpan | null>;
  notice: ReadonlySignal<Notice | null>;
  /** Connects the live channel and starts polling health; returns the stop function. */
  start(options?: { healthPollMs?: number }): () => void;
  /** Applies one live message (exposed for tests and for transports that batch differently). */
  handle(message: LiveMessage): void;
  navigate(route: Route): void;
  selectTrace(traceId: string | null): void;
  selectSpan(spanId: string | null): void;
  /** Moves the trace selection by `delta` rows in the filtered list (keyboard up/down). */
  moveTrace(delta: number): void;
  /** Moves the span selection by `delta` rows in the waterfall (keyboard up/down). */
  moveSpan(delta: number): void;
  clearAll(): Promise<void>;
  importText(json: string): Promise<void>;
  exportUrl(traceId: string): string;
  dismissNotice(): void;
}

/**
 * Creates the viewer's state model over a transport. Components only render these signals and call these actions.
 *
 * @example
 * const model = createViewerModel({ transport: createWsTransport() });
 * const stop = model.start();
 * model.navigate({ traceId: 'abc', spanId: null });
 */
export function createViewerModel({ transport }: { transport: ViewerTransport }): ViewerModel {
  const traces = createTraceListModel();
  const detail = createTraceDetailModel(transport);
  const connection = createConnectionModel(transport);
  const route = signal<Route>({ traceId: null, spanId: null });
  const notice = signal<Notice | null>(null);

  const selectedSpan = computed(() => {
    const { spanId } = route.value;
    detail.version.value;
    return spanId ? (detail.getSpan(spanId) ?? null) : null;
  });

  function navigate(next: Route): void {
    const current = route.peek();
    if (current.traceId === next.traceId && current.spanId === next.spanId && next.traceId === detail.traceId.peek()) {
      return;
    }
    batch(() => {
      route.value = { traceId: next.traceId, spanId: next.traceId ? next.spanId : null };
      if (!next.traceId) detail.close();
      else void detail.open(next.traceId);
      if (next.spanId) detail.reveal(next.spanId);
    });
  }

  function handle(message: LiveMessage): void {
    batch(() => {
      switch (message.type) {
        case 'hello':
          traces.reset(message.traces);
          connection.onHello(message.version, message.forwarding);
          // After a reconnect the open trace may have grown (or vanished) while we were away. Even a load in flight
          // is redone: it may have been answered before this connection's subscription applied.
          void detail.reload();
          void connection.refreshHealth();
          break;
        case 'spans':
          traces.upsert(message.traces);
          detail.applyLive(message.spans);
          connection.refreshHealthSoon();
          break;
        case 'evicted':
          traces.remove(message.traceIds);
          connection.refreshHealthSoon();
          if (detail.traceId.peek() && message.traceIds.includes(detail.traceId.peek()!)) detail.markEvicted();
          break;
        case 'cleared':
          traces.clear();
          void connection.refreshHealth();
          if (detail.traceId.peek()) detail.markEvicted();
          break;
        case 'forwarding':
          connection.setForwarding(message.forwarding);
          break;
        case 'subscribed':
          break; // the transport's business (it resolves `subscribe`)
        case 'skipped':
          // The open trace missed live spans: read it again. Elsewhere only summaries were due.
          if (detail.traceId.peek() && message.traceIds.includes(detail.traceId.peek()!)) void detail.reload();
          break;
      }
    });
  }

  const moveIn = (ids: (i: number) => string | undefined, count: number, currentIndex: number, delta: number) => {
    if (!count) return undefined;
    const next = currentIndex < 0 ? (delta > 0 ? 0 : count - 1) : Math.max(0, Math.min(count - 1, currentIndex + delta));
    return ids(next);
  };

  return {
    traces,
    detail,
    connection,
    route,
    selectedSpan,
    notice,
    handle,
    navigate,
    start(options = {}) {
      const stop = transport.connect({ onMessage: handle, onState: connection.setState });
      const poll = setInterval(() => void connection.refreshHealth(), options.healthPollMs ?? 5000);
      return () => {
        stop();
        clearInterval(poll);
        connection.dispose();
      };
    },
    selectTrace(traceId) {
      navigate({ traceId, spanId: null });
    },
    selectSpan(spanId) {
      navigate({ traceId: route.peek().traceId, spanId });
    },
    moveTrace(delta) {
      const { items } = traces.view.peek();
      const current = route.peek().traceId;
      const index = current ? traces.indexOf(current) : -1;
      const id = moveIn((i) => items[i]?.traceId, items.length, index, delta);
      if (id) navigate({ traceId: id, spanId: null });
    },
    moveSpan(delta) {
      const tree = detail.tree.peek();
      const current = route.peek().spanId;
      const index = current ? (tree.indexById.get(current) ?? -1) : -1;
      const id = moveIn((i) => tree.rows[i]?.span.spanId, tree.rows.length, index, delta);
      if (id) navigate({ traceId: route.peek().traceId, spanId: id });
    },
    async clearAll() {
      try {
        await transport.clearTraces();
        batch(() => {
          traces.clear();
          navigate({ traceId: null, spanId: null });
          notice.value = { kind: 'info', text: 'All traces cleared.' };
        });
      } catch (e) {
        notice.value = { kind: 'error', text: `Could not clear: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    async importText(json) {
      let document: unknown;
      try {
        document = JSON.parse(json);
      } catch {
        notice.value = { kind: 'error', text: 'Import failed: the file is not JSON (expected an OTLP JSON export).' };
        return;
      }
      try {
        const result = await transport.importOtlp(json);
        const traceIds = result.traceIds.length ? result.traceIds : otlpTraceIds(document);
        const words = ['Imported'];
        if (result.spans != null) words.push(`${result.spans} span${result.spans === 1 ? '' : 's'}`);
        if (traceIds.length > 1) words.push(`in ${traceIds.length} traces`);
        words.push('from the file.');
        notice.value = { kind: 'info', text: words.join(' ') };
        if (traceIds.length) navigate({ traceId: traceIds[0], spanId: null });
      } catch (e) {
        notice.value = { kind: 'error', text: `Import failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    },
    exportUrl: (traceId) => transport.exportUrl(traceId),
    dismissNotice() {
      notice.value = null;
    },
  };
}
