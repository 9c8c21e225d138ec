// Regenerates test/fixtures/spans/<sender>/<case>.json: each file is the OTLP/HTTP JSON that the real package's
// exporter sent for one case against the fake provider. Every sender runs in its own process (instrumentations patch
// modules and register global providers).
//
//   node --import tsx test/senders/capture-span-fixtures.ts            # all senders
//   node --import tsx test/senders/capture-span-fixtures.ts openinference-openai
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFakeProvider } from '../../../viewer/fake-provider/create-fake-provider.js';
import { startOtlpCapture } from './otlp-capture.js';
import { SENDERS } from './senders.js';

const [name] = process.argv.slice(2);
if (!name) {
  for (const id of Object.keys(SENDERS)) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), id], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
} else {
  const create = SENDERS[name];
  if (!create) throw new Error(`unknown sender ${name} (known: ${Object.keys(SENDERS).join(', ')})`);
  const fake = await createFakeProvider();
  const capture = await startOtlpCapture();
  const sender = await create(capture.url);
  const dir = fileURLToPath(new URL(`../../fixtures/spans/${name}/`, import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const [caseName, run] of Object.entries(sender.cases)) {
    capture.take();
    await run({ fakeUrl: fake.url });
    const request = capture.take();
    const count = request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length;
    writeFileSync(`${dir}${caseName}.json`, JSON.stringify(request, null, 1) + '\n');
    console.log(`${name}/${caseName}.json: ${count} spans from ${sender.packageName}`);
  }
  await sender.shutdown();
  await capture.close();
  await fake.close();
}
