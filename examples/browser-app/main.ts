// `npx tsx examples/browser-app/main.ts`: build the page, start its backend, print the URL to open.
// Start the viewer first (`npx tracelight`), then click "Ask" and watch one trace span page and backend.
import { flush, shutdown } from 'tracelight';
import { run } from './run';

const app = await run({ otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT, pagePort: 5173, backendPort: 3001 });
console.log(
  `Open ${app.pageUrl} and click "Ask" (backend on ${app.backendUrl}` +
    `${app.usedFakeProvider ? ', fake LLM provider' : ''}). Traces: http://127.0.0.1:4318. Ctrl+C to stop.`,
);
process.once('SIGINT', async () => {
  await flush();
  await app.close();
  await shutdown();
  process.exit(0);
});
