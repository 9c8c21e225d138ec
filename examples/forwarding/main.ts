// `npx tsx examples/forwarding/main.ts`: a viewer that forwards to a collector, the collector going down and
// coming back, and what the viewer reports at each step. With TRACELOOP_API_KEY set, it forwards to Traceloop.
import { shutdown } from 'tracelight';
import { run } from './run';

const result = await run({
  port: Number(process.env.PORT ?? 4320),
  onStep: ({ name, health, localTraces }) => {
    console.log(`\n== ${name}: ${localTraces} traces kept locally`);
    console.log(`   GET /api/health -> forwarding ${JSON.stringify(health.forwarding)}`);
  },
});
console.log(
  `\nForwarded to ${result.upstream}; prompts and completions stayed local (TRACELIGHT_FORWARD_CONTENT=false).` +
    `\nThe forwarding viewer is at ${result.viewerUrl} (its header shows the forwarding status)` +
    `${result.collectorUrl ? `; the stand-in collector at ${result.collectorUrl}` : ''}. Ctrl+C to stop.`,
);
process.once('SIGINT', async () => {
  await result.close();
  await shutdown();
  process.exit(0);
});
