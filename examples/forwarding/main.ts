// `npx tsx examples/forwarding/main.ts`: a viewer that forwards to a collector, the collector going down and
// coming back, and what the viewer reports at each step. With TRACELOOP_API_KEY set, it forwards to Traceloop.
import { shutdown } from 'tracelight';
import { run } from './run.js';

const result = await run({
  port: Number(process.env.PORT ?? 4320),
  onStep: ({ name, health, localTraces }) => {
    console.log(`\n== ${name}: ${localTraces} traces kept locally`);
    const { targets, ...combined } = health.forwarding;
    console.log(`   GET /api/health -> forwarding ${JSON.stringify(combined)}`);
    for (const t of targets) {
      const retry = t.retry ? `, attempt ${t.retry.attempts}, next in ${Math.max(0, t.retry.nextAttemptAt - Date.now())} ms` : '';
      console.log(
        `   ${t.name.padEnd(9)} ${t.state}${retry}: sent ${t.sent}, queued ${t.queued}, dropped ${t.dropped}` +
          `${t.contentStripped ? ', prompts stripped' : ', prompts kept'}${t.lastError ? `, last error: ${t.lastError}` : ''}`,
      );
    }
  },
});
console.log(
  `\nForwarded to ${result.upstream} without prompts and completions (TRACELIGHT_FORWARD_CONTENT=false), and to the ` +
    `archive with them (TRACELIGHT_FORWARD_CONTENT_ARCHIVE=true).` +
    `\nThe forwarding viewer is at ${result.viewerUrl} (its header shows each target's status)` +
    `${result.collectorUrl ? `; the stand-in collector at ${result.collectorUrl}` : ''}; the archive at ${result.archiveUrl}. Ctrl+C to stop.`,
);
process.once('SIGINT', async () => {
  await result.close();
  await shutdown();
  process.exit(0);
});
