// Entry of the viewer UI: wires the ws transport, the signal models, the URL hash (deep links) and the App.
import { effect } from '@preact/signals';
import { render } from 'preact';
import { App } from './components/app.js';
import { formatRoute, parseRoute } from './lib/route.js';
import { createWsTransport } from './lib/ws-transport.js';
import { createViewerModel } from './models/viewer-model.js';
import './styles.css';

const model = createViewerModel({ transport: createWsTransport(), storage: safeLocalStorage() });

// The hash is the source of truth on load and on back/forward; the model writes it back when the user navigates.
model.navigate(parseRoute(location.hash));
window.addEventListener('hashchange', () => model.navigate(parseRoute(location.hash)));
effect(() => {
  const hash = formatRoute(model.route.value);
  const current = location.hash || '#/';
  if (hash !== current) location.hash = hash;
});

// The tab title names the open trace, so several viewer tabs can be told apart.
effect(() => {
  const route = model.route.value;
  if (route.page === 'compare') return void (document.title = 'Compare · Tracelight');
  if (route.page === 'session') return void (document.title = `Session ${route.sessionId} · Tracelight`);
  const id = model.detail.traceId.value;
  model.traces.view.value;
  const name = id ? (model.traces.get(id)?.name ?? id.slice(0, 8)) : '';
  document.title = name ? `${name} · Tracelight` : 'Tracelight';
});

model.start();

/** localStorage, or null where the browser denies it (some privacy modes throw on access). */
function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
render(<App model={model} />, document.getElementById('app')!);
