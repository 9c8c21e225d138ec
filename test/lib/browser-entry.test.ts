// The browser entry in real headless Chromium: a page bundled by Vite from the built dist/lib/browser.js calls a
// CORS-enabled LLM server, and spans are exported (JSON, through the exporter's own unpatched fetch) to the sink.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve, extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import { chromium, type Browser } from 'playwright-core';
import { createOtlpSink, type OtlpSink } from '../helpers/otlp-sink.js';
import { createLlmTestServer, type LlmTestServer } from '../helpers/llm-test-server.js';

const PAGE = `
import { init, withWorkflow, flush } from 'tracelight';
const params = new URLSearchParams(location.search);
const api = params.get('api');
init({
  endpoint: params.get('sink'),
  serviceName: 'browser-test',
  propagateTraceTo: [api],
  providers: [{
    id: 'acme',
    matches: (r) => r.url.pathname.startsWith('/acme/'),
    parseRequest: (r) => ({ providerName: 'acme', operationName: 'chat', model: r.body.model, stream: !!r.body.stream, params: {},
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: r.body.prompt }] }] }),
    parseResponse: (b) => ({ id: b.id, usage: { inputTokens: b.usage.in, outputTokens: b.usage.out } }),
    createStreamAccumulator: () => {
      let text = ''; let usage;
      return {
        push(e) { if (e.data === '[DONE]') return; const v = JSON.parse(e.data); if (v.delta) text += v.delta; if (v.usage) usage = { inputTokens: v.usage.in, outputTokens: v.usage.out }; },
        finish: () => ({ usage, outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: text }] }] }),
      };
    },
  }],
});
window.__run = async () => {
  const body = JSON.stringify({ model: 'acme-web', stream: true, prompt: 'hello from the page' });
  const text = await withWorkflow('page-click', async () => {
    const res = await fetch(api + '/acme/stream', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return res.text();
  });
  await fetch(api + '/health').then((r) => r.text()); // not an LLM call: no span
  return { text, asyncContext: typeof globalThis.AsyncContext };
};
window.__flush = () => flush();
window.__ready = true;
`;

let sink: OtlpSink;
let api: LlmTestServer;
let web: Server;
let webUrl: string;
let browser: Browser;
let dir: string;

before(async () => {
  assert.ok(existsSync('dist/lib/browser.js'), 'run `npm run build:lib` first');
  dir = mkdtempSync(join(tmpdir(), 'tracelight-browser-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>');
  writeFileSync(join(dir, 'main.js'), PAGE);
  writeFileSync(
    join(dir, 'zone-setup.js'),
    `import { ZoneContextManager } from '@opentelemetry/context-zone';\nglobalThis.__contextManager = new ZoneContextManager();`,
  );
  writeFileSync(
    join(dir, 'zone-page.js'),
    PAGE.replace("serviceName: 'browser-test',", "serviceName: 'browser-zone', contextManager: globalThis.__contextManager,").replace(
      "const res = await fetch(api + '/acme/stream'",
      "await new Promise((r) => setTimeout(r, 5));\n    const res = await fetch(api + '/acme/stream'",
    ),
  );
  await build({
    root: dir,
    logLevel: 'silent',
    configFile: false,
    resolve: { alias: { tracelight: resolve('dist/lib/browser.js') } },
    build: { outDir: join(dir, 'out'), emptyOutDir: true, minify: false },
  });
  // The same page with the opt-in Zone context manager, bundled by esbuild down to ES2016 so that `async`/`await`
  // become generators over Zone-patched promises (Zone cannot see native await).
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: {
      contents: `import 'zone.js';\nimport './zone-setup.js';\nimport './zone-page.js';`,
      resolveDir: dir,
    },
    bundle: true,
    format: 'esm',
    target: 'es2017',
    supported: { 'async-await': false },
    outfile: join(dir, 'out', 'zone.js'),
    alias: { tracelight: resolve('dist/lib/browser.js') },
    nodePaths: [resolve('node_modules')],
    logLevel: 'silent',
  });
  writeFileSync(join(dir, 'out', 'zone.html'), '<!doctype html><script type="module" src="./zone.js"></script>');
  web = createServer((req, res) => {
    const path = join(dir, 'out', (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').split('?')[0]!);
    if (!existsSync(path)) return void res.writeHead(404).end();
    const type = extname(path) === '.js' ? 'text/javascript' : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(path));
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  sink = await createOtlpSink();
  api = await createLlmTestServer();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await api?.close();
  await sink?.close();
  await new Promise<void>((r) => (web ? web.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a streamed LLM call in the page is traced, exported on pagehide, nested under the workflow', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${webUrl}/?api=${encodeURIComponent(api.url)}&sink=${encodeURIComponent(sink.url)}`);
  await page.waitForFunction(() => (window as any).__ready === true);
  const result = await page.evaluate(() => (window as any).__run());
  assert.equal(result.text, api.streamEvents.join(''));
  console.log(`# Chromium AsyncContext: ${result.asyncContext}`);
  // Leaving the page fires pagehide, which flushes the batch (no explicit flush).
  await page.goto('about:blank');
  const spans = await sink.waitForSpans(2);
  assert.deepEqual(errors, []);
  assert.equal(spans.length, 2, spans.map((s) => s.name).join());
  const workflow = spans.find((s) => s.name === 'page-click.workflow')!;
  const llm = spans.find((s) => s.name === 'chat acme-web')!;
  assert.equal(llm.parentSpanId, workflow.spanId);
  assert.equal(llm.traceId, workflow.traceId);
  assert.equal(llm.attributes['gen_ai.usage.output_tokens'], 5);
  assert.equal(llm.attributes['traceloop.workflow.name'], 'page-click');
  assert.equal(JSON.parse(llm.attributes['gen_ai.output.messages'] as string)[0].parts[0].content, 'w0 w1 w2 w3 ');
  assert.equal(typeof llm.attributes['gen_ai.response.time_to_first_chunk'], 'number');
  assert.equal(llm.resource['service.name'], 'browser-test');
  assert.ok(sink.contentTypes().every((t) => t.includes('json')));
  // The LLM origin was listed in propagateTraceTo, so the stream request carried the span's traceparent.
  const streamRequest = api.requests.find((r) => r.path === '/acme/stream')!;
  assert.equal(streamRequest.headers.traceparent, `00-${llm.traceId}-${llm.spanId}-01`);
  await page.close();
});

test('with the opt-in ZoneContextManager, context survives await in the page', async () => {
  const before = sink.spans().length;
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${webUrl}/zone.html?api=${encodeURIComponent(api.url)}&sink=${encodeURIComponent(sink.url)}`);
  await page.waitForFunction(() => (window as any).__ready === true);
  await page.evaluate(() => (window as any).__run());
  await page.evaluate(() => (window as any).__flush());
  const spans = (await sink.waitForSpans(before + 2)).slice(before);
  assert.deepEqual(errors, []);
  const workflow = spans.find((s) => s.name === 'page-click.workflow')!;
  const llm = spans.find((s) => s.name === 'chat acme-web')!;
  assert.equal(llm.resource['service.name'], 'browser-zone');
  assert.equal(llm.parentSpanId, workflow.spanId, 'the call made after an await is still a child of the workflow');
  await page.close();
});
