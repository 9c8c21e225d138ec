export {};
// `npm run bench`: runs every benchmark in one process, one after another, and prints their tables.
// Figures are comparisons made side by side in the same run (this machine is noisy); nothing here asserts on time.
const suites = [
  { name: 'library overhead', module: './lib-overhead.ts' },
  { name: 'viewer ingest', module: './viewer-ingest.ts' },
  { name: 'viewer GenAI ingest and memory', module: './genai-ingest.ts' },
  { name: 'viewer UI latency', module: './viewer-ui-latency.ts' },
  { name: 'agent queries', module: './agent-queries.ts' },
];

const only = process.argv[2];
let failed = 0;
for (const suite of suites) {
  if (only && !suite.name.includes(only)) continue;
  console.log(`\n=== ${suite.name} (bench/${suite.module.slice(2)})`);
  try {
    const mod = (await import(suite.module)) as { run: () => Promise<void> };
    await mod.run();
  } catch (error) {
    failed++;
    console.error(`${suite.name} failed:`, error);
  }
}
process.exit(failed ? 1 : 0);
