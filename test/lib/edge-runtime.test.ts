// The package in an edge runtime: bundled the way edge bundlers resolve it (the `worker` export condition, browser
// fields of dependencies, as wrangler and Next.js' edge build do), then run in `@edge-runtime/vm`, Vercel's Edge
// Runtime sandbox (Web APIs only: no `process`, no `require`, no Node built-ins, no AsyncLocalStorage on globalThis).
// A streamed OpenAI call is traced and flushed the way `waitUntil(flush())` would; the relay forwards a page's spans.
// The sandbox runs in a child process (test/helpers/run-in-edge-vm.ts); the servers it talks to run here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { createFakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';
import { createOtlpSink } from '../helpers/otlp-sink.js';
import { startUpstream } from '../helpers/start-upstream.js';

async function edgeBundle(): Promise<string> {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const entry = pkg.exports['.'].worker.default as string;
  const relay = pkg.exports['./relay'].import.default as string;
  const out = await esbuild.build({
    stdin: { contents: `export * from '${entry}'; export { createRelay } from '${relay}';`, resolveDir: process.cwd() },
    bundle: true,
    format: 'iife',
    globalName: 'tracelight',
    platform: 'browser',
    conditions: ['worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

test('in the Edge Runtime sandbox: a streamed OpenAI call is traced, flush() exports it, the relay forwards', async () => {
  const code = await edgeBundle();
  const fake = await createFakeProvider();
  const sink = await createOtlpSink();
  const upstream = await startUpstream();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'tl-edge-'));
    writeFileSync(join(dir, 'bundle.js'), code);
    const config = JSON.stringify({ sink: sink.url, provider: fake.url, upstream: upstream.url });
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../helpers/run-in-edge-vm.ts'), join(dir, 'bundle.js'), config]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(status, 0, err);
    const { globals, result } = JSON.parse(out) as { globals: string; result: { streamed: string; status: number; body: string; sent: number } };
    assert.equal(globals, 'undefined,undefined,undefined', 'no process, require or AsyncLocalStorage in the sandbox');

    assert.match(result.streamed, /^data: /m, 'the caller got the SSE stream');
    assert.match(result.streamed, /data: \[DONE\]/);
    const spans = await sink.waitForSpans(2);
    const chat = spans.find((s) => s.name === 'chat gpt-4o-mini');
    assert.ok(chat, spans.map((s) => s.name).join(', '));
    assert.equal(chat.attributes['gen_ai.provider.name'], 'openai');
    assert.equal(chat.attributes['gen_ai.usage.input_tokens'], 19);
    assert.equal(chat.attributes['gen_ai.usage.output_tokens'], 10);
    assert.ok(chat.attributes['gen_ai.response.time_to_first_chunk'] !== undefined);
    const workflow = spans.find((s) => s.name === 'edge-handler.workflow');
    assert.equal(chat.parentSpanId, workflow?.spanId, 'the call nests under the workflow');
    assert.equal(chat.resource['service.name'], 'edge-worker');
    assert.ok(sink.contentTypes().every((t) => t.includes('json')), 'OTLP JSON off Node');
    assert.ok(!JSON.stringify(spans).includes('sk-edge-secret'), 'the API key never reaches a span');

    assert.equal(result.status, 200, result.body);
    assert.equal(result.sent, 1);
    assert.equal(upstream.accepted()[0]?.name, 'from the page');
    assert.equal(upstream.requests[0]?.headers.authorization, 'Bearer relay-key');
    // The sandbox forbids the eval protobufjs compiles its codecs with: the relay's codecs are interpreted there, so it
    // forwards protobuf (it used to fall back to JSON); the upstream read the span above from it.
    assert.equal(upstream.requests[0]?.contentType, 'application/x-protobuf', 'protobuf without eval, through the interpreted codec');
  } finally {
    await upstream.close();
    await sink.close();
    await fake.close();
  }
});
