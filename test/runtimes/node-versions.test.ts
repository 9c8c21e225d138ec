// Node 22 and 24 (binaries from the `node-<platform>` registry packages, see scripts/install-runtimes.mjs) run the
// runtime program every other runtime runs: OpenAI calls through the real SDK, spans in a real viewer. The library's
// own suites run under them in node{22,24}-{lib,integration}-suite.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureRuntime } from '../../scripts/install-runtimes.mjs';
import { checkOpenAiCalls, startRuntimeBackends } from '../helpers/runtime-backends.js';
import { runCliApp } from '../helpers/run-cli-app.js';

for (const name of ['node22', 'node24'] as const) {
  test(`${name}: OpenAI calls through the openai SDK are traced to the viewer, results untouched`, async (t) => {
    const node = ensureRuntime(name);
    if ('skip' in node) return t.skip(node.skip);
    const backends = await startRuntimeBackends();
    try {
      const result = await runCliApp(node.path, [], backends.fake.url, backends.viewer.otlpUrl, name);
      assert.equal(result.entry, 'dist/lib/node.js');
      await checkOpenAiCalls(result, backends.viewer.url, name);
    } finally {
      await backends.close();
    }
  });
}
