// The default (edge/worker) entry: no Node built-ins in the built file, and a traced call flushed explicitly the way
// a `waitUntil(flush())` would, in a runtime without AsyncLocalStorage on globalThis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createOtlpSink } from '../helpers/otlp-sink.js';
import { acmeAdapter } from '../helpers/acme-adapter.js';
import { createLlmTestServer } from '../helpers/llm-test-server.js';

test('dist/lib/index.js imports no Node built-ins', () => {
  assert.ok(existsSync('dist/lib/index.js'), 'run `npm run build:lib` first');
  const code = readFileSync('dist/lib/index.js', 'utf8');
  const imports = [...code.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  assert.ok(imports.length > 0);
  for (const spec of imports) assert.ok(!spec.startsWith('node:') && !['fs', 'http', 'https', 'async_hooks', 'process'].includes(spec), spec);
  assert.ok(!/\bprocess\.(on|once|kill)\b/.test(code));
});

test('the default entry traces and flush() resolves once the span is exported', async () => {
  const sink = await createOtlpSink();
  const server = await createLlmTestServer();
  const { init, flush, shutdown, tracedFetch, withWorkflow } = await import('../../lib/index.js');
  try {
    init({ endpoint: sink.url, providers: [acmeAdapter], patchFetch: false });
    const text = await withWorkflow('edge-handler', async () => {
      const res = await tracedFetch(`${server.url}/acme/chat`, { method: 'POST', body: JSON.stringify({ model: 'edge-model' }) });
      return res.text();
    });
    assert.match(text, /Hello there/);
    await flush(); // what `ctx.waitUntil(flush())` waits for
    const names = sink.spans().map((s) => s.name).sort();
    assert.deepEqual(names, ['chat edge-model', 'edge-handler.workflow']);
    assert.ok(sink.contentTypes().every((t) => t.includes('json')), 'JSON by default off Node');
  } finally {
    await shutdown();
    await server.close();
    await sink.close();
  }
});
