// The package in Cloudflare's workerd (its binary from `@cloudflare/workerd-<platform>`, see
// scripts/install-runtimes.mjs), bundled as wrangler bundles a Worker: a module worker makes a non-streamed and a
// streamed OpenAI call through the real `openai` SDK (and raw fetch) against the fake provider and flushes through
// `ctx.waitUntil(flush())`; results byte-identical to untraced calls, spans with exact tokens in a real viewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ensureRuntime } from '../../scripts/install-runtimes.mjs';
import { checkOpenAiCalls, startRuntimeBackends, type OpenAiCallsResult } from '../helpers/runtime-backends.js';
import { APPS_DIR } from '../helpers/run-cli-app.js';
import { startWorker } from '../helpers/run-workerd.js';

test('workerd: a Worker traces OpenAI calls and flushes with ctx.waitUntil(flush())', async (t) => {
  const workerd = ensureRuntime('workerd');
  if ('skip' in workerd) return t.skip(workerd.skip);
  const backends = await startRuntimeBackends();
  const worker = await startWorker(workerd.path, join(APPS_DIR, 'worker-app.mjs'));
  try {
    const response = await fetch(worker.url, {
      method: 'POST',
      body: JSON.stringify({ providerUrl: backends.fake.url, viewerUrl: backends.viewer.otlpUrl }),
    });
    const text = await response.text();
    assert.equal(response.status, 200, `${text}\n${worker.output()}`);
    const result = JSON.parse(text) as OpenAiCallsResult & { globals: string };
    assert.equal(result.globals.split(',')[0], 'undefined', 'no `process` in a Worker without nodejs_compat');
    // The handler answered before its spans were exported: they arrive through the flush it handed to waitUntil.
    await checkOpenAiCalls(result, backends.viewer.url, 'workerd');
  } finally {
    await worker.close();
    await backends.close();
  }
});
