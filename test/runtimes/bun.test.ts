// The package in Bun (its binary from `@oven/bun-<platform>`, see scripts/install-runtimes.mjs): `import 'tracelight'`
// as Bun resolves it, a non-streamed and a streamed OpenAI call through the real `openai` SDK (and raw fetch) against
// the fake provider; results byte-identical to untraced calls, spans with exact tokens in a real viewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureRuntime } from '../../scripts/install-runtimes.mjs';
import { checkOpenAiCalls, startRuntimeBackends } from '../helpers/runtime-backends.js';
import { runCliApp } from '../helpers/run-cli-app.js';

test('Bun: OpenAI calls through the openai SDK are traced to the viewer, results untouched', async (t) => {
  const bun = ensureRuntime('bun');
  if ('skip' in bun) return t.skip(bun.skip);
  const backends = await startRuntimeBackends();
  try {
    const result = await runCliApp(bun.path, [], backends.fake.url, backends.viewer.otlpUrl, 'bun');
    assert.equal(result.entry, 'dist/lib/node.js', 'Bun takes the `node` export condition');
    await checkOpenAiCalls(result, backends.viewer.url, 'bun');
  } finally {
    await backends.close();
  }
});
