// `npx tsx examples/browser-app/main.ts [--relay]`: build the page, start its backend, print the URL to open.
// Start the viewer first (`npx tracelight`), then click "Ask" and watch one trace span page and backend.
import { flush, shutdown } from 'tracelight';
import { run } from './run.js';

// `--relay`: the page exports to a tracelight/relay on its backend (the production setup) instead of the viewer.
const exportVia = process.argv.includes('--relay') ? 'relay' : 'viewer';
const app = await run({
  otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  exportVia,
  pagePort: 5173,
  backendPort: 3001,
});
const target = exportVia === 'relay' ? 'the relay on its backend' : 'the viewer';
const llm = app.usedFakeProvider ? ' (fake LLM provider)' : '';
console.log(
  `Open ${app.pageUrl} and click "Ask". Backend: ${app.backendUrl}${llm}; the page exports to ${target}.` +
    ` Traces: http://127.0.0.1:4318. Ctrl+C to stop.`,
);
process.once('SIGINT', async () => {
  await flush();
  await app.close();
  await shutdown();
  process.exit(0);
});
