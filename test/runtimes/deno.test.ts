// The package in Deno (its binary from `@deno/<platform>`, see scripts/install-runtimes.mjs): `import 'tracelight'`
// as Deno resolves it from node_modules, a non-streamed and a streamed OpenAI call through the real `openai` SDK (and raw fetch) against
// the fake provider; results byte-identical to untraced calls, spans with exact tokens in a real viewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureRuntime } from '../../scripts/install-runtimes.mjs';
import { checkOpenAiCalls, startRuntimeBackends } from '../helpers/runtime-backends.js';
import { runCliApp } from '../helpers/run-cli-app.js';

test('Deno: OpenAI calls through the openai SDK are traced to the viewer, results untouched', async (t) => {
  const deno = ensureRuntime('deno');
  if ('skip' in deno) return t.skip(deno.skip);
  const backends = await startRuntimeBackends();
  try {
    const result = await runCliApp(deno.path, ['run', '--allow-net', '--allow-env', '--allow-read', '--allow-sys'], backends.fake.url, backends.viewer.otlpUrl, 'deno');
    assert.equal(result.entry, 'dist/lib/node.js', 'Deno takes the `node` export condition');
    await checkOpenAiCalls(result, backends.viewer.url, 'deno');
  } finally {
    await backends.close();
  }
});
