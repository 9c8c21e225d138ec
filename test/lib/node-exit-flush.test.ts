// Node exit behaviour of the built package in real child processes: batched spans are flushed on natural exit
// (beforeExit) and on SIGTERM, and an initialized but idle process still exits by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createOtlpSink } from '../helpers/otlp-sink.js';
import { createLlmTestServer } from '../helpers/llm-test-server.js';
import { ACME_ADAPTER_SOURCE } from '../helpers/acme-adapter.js';

function child(script: string) {
  const proc = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: process.cwd(),
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', TRACELIGHT_EXPORT_MODE: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (out += d));
  return { proc, output: () => out };
}

test('batched spans are flushed when the process exits on its own (beforeExit)', async () => {
  assert.ok(existsSync('dist/lib/node.js'), 'run `npm run build:lib` first');
  const sink = await createOtlpSink();
  const server = await createLlmTestServer();
  try {
    const { proc, output } = child(`
      import { init } from 'tracelight';
      init({ endpoint: ${JSON.stringify(sink.url)}, providers: [${ACME_ADAPTER_SOURCE}] });
      const res = await fetch(${JSON.stringify(server.url + '/acme/chat')}, { method: 'POST', body: '{"model":"exit-model"}' });
      await res.json();`);
    const [code] = await once(proc, 'exit');
    assert.equal(code, 0, output());
    const spans = await sink.waitForSpans(1);
    assert.equal(spans[0]!.name, 'chat exit-model');
  } finally {
    await server.close();
    await sink.close();
  }
});

test('SIGTERM flushes, then the process dies of the signal as it would without us', async () => {
  const sink = await createOtlpSink();
  const server = await createLlmTestServer();
  try {
    const { proc, output } = child(`
      import { init } from 'tracelight';
      init({ endpoint: ${JSON.stringify(sink.url)}, providers: [${ACME_ADAPTER_SOURCE}] });
      const res = await fetch(${JSON.stringify(server.url + '/acme/chat')}, { method: 'POST', body: '{"model":"term-model"}' });
      await res.json();
      setInterval(() => {}, 1000); // a server that would run forever
      console.log('ready');`);
    while (!output().includes('ready')) await once(proc.stdout!, 'data');
    proc.kill('SIGTERM');
    const [code, signal] = await once(proc, 'exit');
    assert.equal(code, null, output());
    assert.equal(signal, 'SIGTERM');
    const spans = await sink.waitForSpans(1);
    assert.equal(spans[0]!.name, 'chat term-model');
  } finally {
    await server.close();
    await sink.close();
  }
});

test('an initialized process with nothing to do exits by itself (hooks and exporter keep nothing alive)', async () => {
  const { proc, output } = child(`
    import { init } from 'tracelight';
    init({ endpoint: 'http://127.0.0.1:1/v1/traces' });
    console.log('done');`);
  const [code] = await once(proc, 'exit');
  assert.equal(code, 0, output());
  assert.match(output(), /done/);
});
