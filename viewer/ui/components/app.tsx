import { useEffect } from 'preact/hooks';
import type { ViewerModel } from '../models/viewer-model.js';
import { EmptyState } from './empty-state.js';
import { HeaderBar } from './header-bar.js';
import { NoticeToast } from './notice-toast.js';
import { SpanPanel } from './span-panel.js';
import { TraceList } from './trace-list.js';
import { TraceView } from './trace-view.js';

/**
 * The viewer's page: header, trace list, open trace (waterfall) and the span panel. Esc closes the span panel,
 * then the trace.
 *
 * @example
 * render(<App model={createViewerModel({ transport: createWsTransport() })} />, document.getElementById('app')!);
 */
export function App({ model }: { model: ViewerModel }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      const target = e.target as HTMLElement | null;
      if (target?.tagName === 'INPUT' && (target as HTMLInputElement).type === 'search' && (target as HTMLInputElement).value) return;
      const { traceId, spanId } = model.route.peek();
      if (spanId) model.selectSpan(null);
      else if (traceId) model.selectTrace(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [model]);

  const traceOpen = !!model.detail.traceId.value;
  const span = model.selectedSpan.value;
  const hasTraces = model.traces.view.value.total > 0;

  return (
    <div class="app">
      <HeaderBar model={model} />
      <main class="main">
        <TraceList model={model} />
        {traceOpen ? (
          <TraceView model={model} />
        ) : (
          <section class="pane">
            <EmptyState hasTraces={hasTraces} origin={location.origin} />
          </section>
        )}
        {span ? <SpanPanel model={model} span={span} /> : <div />}
      </main>
      <NoticeToast model={model} />
    </div>
  );
}
