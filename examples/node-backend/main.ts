// `npx tsx examples/node-backend/main.ts`: run the travel assistant once; watch it in `npx tracelight`.
// The export target comes from the usual env vars (OTEL_EXPORTER_OTLP_ENDPOINT ...), else the local viewer.
import { shutdown } from 'tracelight';
import { run } from './run.js';

const result = await run({ onText: (text) => process.stdout.write(text) });
console.log(
  `\n\n${result.turns} LLM turns, tools: ${result.toolCalls.join(', ') || 'none'}` +
    `${result.usedFakeProvider ? ' (fake provider; set OPENAI_API_KEY for the real API)' : ''}.` +
    `\nSee the trace at http://127.0.0.1:4318 (start the viewer with \`npx tracelight\`).`,
);
await shutdown();
