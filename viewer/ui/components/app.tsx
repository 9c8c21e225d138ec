import { useEffect } from 'preact/hooks';
import type { ViewerModel } from '../models/viewer-model.js';
import { BreakdownDialog } from './breakdown-dialog.js';
import { CompareTray } from './compare-tray.js';
import { CompareView } from './compare-view.js';
import { EmptyState } from './empty-state.js';
import { HeaderBar } from './header-bar.js';
import { NoticeToast } from './notice-toast.js';
import { ReplayDialog } from './replay-dialog.js';
import { SessionView } from './session-view.js';
import { ShortcutsDialog } from './shortcuts-dialog.js';
import { SpanPanel } from './span-panel.js';
import { TraceList } from './trace-list.js';
import { TraceView } from './trace-view.js';

/** Whether a key press is typing (in a field), where page shortcuts must not fire. */
function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/**
 * The viewer's page: header, trace list, open trace (waterfall), the span panel, the compare page and tray.
 * Keys: `/` focuses search, `?` lists shortcuts, Esc closes the shortcuts, the span panel, then the trace.
 * `.main` carries the open/closed state as classes, so the layout (styles.css) can adapt to the width.
 *
 * @example
 * render(<App model={createViewerModel({ transport: createWsTransport() })} />, document.getElementById('app')!);
 */
export function App({ model }: { model: ViewerModel }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'Escape') {
        if (model.shortcutsOpen.peek()) return model.setShortcutsOpen(false);
        if (model.replay.state.peek().status !== 'closed') return model.replay.close();
        if (model.sessions.breakdown.peek().open) return model.setBreakdownOpen(false);
        const target = e.target as HTMLInputElement | null;
        if (target?.tagName === 'INPUT' && target.type === 'search' && target.value) return;
        if (isTyping(e.target) && target?.tagName !== 'INPUT') return;
        const { traceId, spanId } = model.route.peek();
        if (spanId) model.selectSpan(null);
        else if (traceId) model.selectTrace(null);
        return;
      }
      if (isTyping(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        const search = document.getElementById('search') as HTMLInputElement | null;
        search?.focus();
        search?.select();
      } else if (e.key === '?') {
        e.preventDefault();
        model.setShortcutsOpen(!model.shortcutsOpen.peek());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [model]);

  const route = model.route.value;
  const traceOpen = !!model.detail.traceId.value;
  const span = model.selectedSpan.value;
  const hasTraces = model.traces.view.value.total > 0;
  const page = route.page ?? 'traces';
  const classes = ['main', `page-${page}`, traceOpen || page === 'session' ? 'has-trace' : '', span ? 'has-panel' : ''].filter(Boolean).join(' ');

  return (
    <div class="app">
      <HeaderBar model={model} />
      <main class={classes}>
        {route.page === 'compare' ? (
          <CompareView model={model} route={route} />
        ) : route.page === 'session' ? (
          <>
            <TraceList model={model} />
            <SessionView model={model} route={route} />
          </>
        ) : (
          <>
            <TraceList model={model} />
            {traceOpen ? (
              <TraceView model={model} />
            ) : (
              <section class="pane pane-empty">
                <EmptyState hasTraces={hasTraces} origin={location.origin} />
              </section>
            )}
            {span ? <SpanPanel model={model} span={span} /> : null}
          </>
        )}
      </main>
      <CompareTray model={model} />
      {model.shortcutsOpen.value ? <ShortcutsDialog model={model} /> : null}
      <ReplayDialog model={model} />
      <BreakdownDialog model={model} />
      <NoticeToast model={model} />
    </div>
  );
}
