// The viewer UI in real headless Chromium against the real in-process server, fed by the real OTel exporter.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Browser, Page } from 'playwright-core';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { ensureUiBuilt, hexId, launchChromium, otlpJson, UI_DIR } from '../../helpers/browser-harness.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-results');

let server: ViewerServer;
let browser: Browser;
let page: Page;
const providers: BasicTracerProvider[] = [];

before(async () => {
  ensureUiBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await createViewerServer({ port: 0, forward: null, uiDir: UI_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
});

after(async () => {
  for (const p of providers) await p.shutdown();
  await browser?.close();
  await server?.close();
});

/** A tracer that exports to the viewer with the real OTLP/HTTP (JSON) exporter. */
function tracerFor(serviceName: string) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: server.otlpUrl }))],
  });
  providers.push(provider);
  return { tracer: provider.getTracer('ui-test'), provider };
}

interface ChatTrace {
  traceId: string;
  chatSpanId: string;
}

/** Exports a trace like an app's: a request span, a retrieval step and a streamed chat call. */
async function exportChatTrace(opts: {
  service: string;
  rootName: string;
  model: string;
  prompt: string;
  completion: string;
  system?: string;
  error?: boolean;
  /** Replaces the default one-user-message input / one-assistant-message output. */
  inputMessages?: unknown[];
  outputMessages?: unknown[];
}): Promise<ChatTrace> {
  const { tracer, provider } = tracerFor(opts.service);
  const t0 = Date.now() - 2000;
  const root = tracer.startSpan(opts.rootName, { kind: SpanKind.SERVER, startTime: new Date(t0) });
  const ctx = trace.setSpan(context.active(), root);
  const retrieve = tracer.startSpan('retrieve documents', { startTime: new Date(t0 + 15) }, ctx);
  retrieve.end(new Date(t0 + 180));
  const chat = tracer.startSpan(
    `chat ${opts.model}`,
    {
      kind: SpanKind.CLIENT,
      startTime: new Date(t0 + 200),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': opts.model,
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 256,
        'gen_ai.request.stream': true,
        'gen_ai.response.model': opts.model,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 42,
        'gen_ai.usage.output_tokens': 17,
        'gen_ai.response.time_to_first_chunk': 0.31,
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: opts.system ?? 'You are terse.' }]),
        'gen_ai.input.messages': JSON.stringify(
          opts.inputMessages ?? [{ role: 'user', parts: [{ type: 'text', content: opts.prompt }] }],
        ),
        'gen_ai.output.messages': JSON.stringify(
          opts.outputMessages ?? [{ role: 'assistant', parts: [{ type: 'text', content: opts.completion }], finish_reason: 'stop' }],
        ),
        'server.address': 'api.openai.com',
      },
    },
    ctx,
  );
  if (opts.error) {
    chat.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    chat.setAttribute('error.type', '429');
  }
  chat.end(new Date(t0 + 1150));
  root.end(new Date(t0 + 1200));
  await provider.forceFlush();
  return { traceId: root.spanContext().traceId, chatSpanId: chat.spanContext().spanId };
}

const rowOf = (traceId: string) => `[data-testid="trace-list"] [data-trace-id="${traceId}"]`;
const visibleTraceIds = () =>
  page.$$eval('[data-testid="trace-list"] [data-trace-id]', (rows) => rows.map((r) => r.getAttribute('data-trace-id')));

let first: ChatTrace;

test('a streamed chat trace appears live; its gen_ai span shows prompt, completion and tokens', async () => {
  first = await exportChatTrace({
    service: 'checkout-api',
    rootName: 'POST /api/answer',
    model: 'gpt-4o-mini',
    prompt: 'What is the capital of France?',
    completion: 'Paris is the capital of France.',
  });
  // No reload: the row arrives over the live socket. Under load the spans may come in several live batches: the row
  // shows up (in flight) with its first span's name and takes the root's once the root is in.
  await page.waitForSelector(rowOf(first.traceId));
  await page.waitForFunction((sel) => /POST \/api\/answer/.test(document.querySelector(sel)?.textContent ?? ''), rowOf(first.traceId));
  const rowText = await page.textContent(rowOf(first.traceId));
  assert.match(rowText!, /POST \/api\/answer/);
  assert.match(rowText!, /checkout-api/);
  assert.match(rowText!, /gpt-4o-mini/);

  await page.click(rowOf(first.traceId));
  await page.waitForSelector(`[data-testid="waterfall"] [data-span-id="${first.chatSpanId}"]`);
  assert.equal(await page.textContent('[data-testid="span-count"]'), '3');
  // The streamed call carries a first-chunk marker; gen_ai rows show their model and tokens.
  const chatRow = page.locator(`[data-span-id="${first.chatSpanId}"]`);
  assert.equal(await chatRow.locator('[data-testid="ttfc-marker"]').count(), 1);
  assert.match((await chatRow.textContent())!, /42→17/);

  await chatRow.click();
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.waitFor();
  const chat = panel.locator('[data-testid="chat"]');
  assert.equal(await chat.locator('[data-role="user"]').textContent().then((t) => t!.includes('What is the capital of France?')), true);
  assert.equal(await chat.locator('[data-role="assistant"]').textContent().then((t) => t!.includes('Paris is the capital of France.')), true);
  assert.equal(await chat.locator('[data-role="system"]').textContent().then((t) => t!.includes('You are terse.')), true);
  assert.equal(await panel.locator('[data-testid="fact-input-tokens"]').textContent(), '42');
  assert.equal(await panel.locator('[data-testid="fact-output-tokens"]').textContent(), '17');
  assert.equal(await panel.locator('[data-testid="fact-ttfc"]').textContent(), '310ms');
  assert.match((await panel.locator('[data-testid="params"]').textContent())!, /temperature\s*0\.2/);
  assert.match((await panel.locator('[data-testid="attributes"]').textContent())!, /server\.address\s*api\.openai\.com/);
  await page.screenshot({ path: resolve(ARTIFACTS, 'viewer-ui.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: resolve(ARTIFACTS, 'viewer-ui-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
});

test('the deep link to a span survives a reload, and Esc closes the panel', async () => {
  assert.equal(await page.evaluate(() => location.hash), `#/trace/${first.traceId}/span/${first.chatSpanId}`);
  await page.reload();
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.waitFor();
  assert.match((await panel.textContent())!, /What is the capital of France\?/);
  assert.equal(await page.getAttribute(`[data-span-id="${first.chatSpanId}"]`, 'aria-selected'), 'true');
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => location.hash), `#/trace/${first.traceId}`);
  // Keyboard: focus the waterfall and walk the rows.
  await page.focus('[data-testid="waterfall"]');
  await page.keyboard.press('ArrowDown');
  await panel.waitFor();
  assert.match(await page.evaluate(() => location.hash), new RegExp(`#/trace/${first.traceId}/span/[0-9a-f]{16}`));
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  // Esc again closes the trace; the trace list's keyboard opens one.
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="trace-view"]', { state: 'detached' });
  await page.focus('[data-testid="trace-list"]');
  await page.keyboard.press('ArrowDown');
  await page.waitForSelector('[data-testid="trace-view"]');
  assert.equal(await page.evaluate(() => location.hash), `#/trace/${first.traceId}`);
});

test('spans arriving for the open trace join its waterfall live', async () => {
  await page.waitForSelector('[data-testid="trace-view"]');
  const late = hexId(8);
  const now = Date.now();
  const res = await fetch(server.otlpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: otlpJson([{ traceId: first.traceId, spanId: late, parentSpanId: first.chatSpanId, name: 'late tool call', startMs: now - 1500, endMs: now - 1400 }], 'checkout-api'),
  });
  assert.equal(res.status, 200);
  await page.waitForSelector(`[data-testid="waterfall"] [data-span-id="${late}"]`);
  assert.equal(await page.textContent('[data-testid="span-count"]'), '4');
  // Nested under the chat span: one level deeper than it.
  const indent = (id: string) => page.$eval(`[data-span-id="${id}"] .wf-label`, (el) => parseFloat(getComputedStyle(el).paddingLeft));
  assert.ok((await indent(late)) > (await indent(first.chatSpanId)));
});

test('search, model, service and errors-only filters narrow the list', async () => {
  const failing = await exportChatTrace({
    service: 'batch-worker',
    rootName: 'nightly summarize',
    model: 'claude-sonnet-4-5',
    prompt: 'Summarize the logs',
    completion: '',
    error: true,
  });
  await page.waitForSelector(rowOf(failing.traceId));
  assert.match((await page.textContent(rowOf(failing.traceId)))!, /1 err/);

  await page.fill('[data-testid="search"]', 'nightly');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-list"] [data-trace-id]').length === 1);
  assert.deepEqual(await visibleTraceIds(), [failing.traceId]);
  await page.fill('[data-testid="search"]', '');

  await page.selectOption('[data-testid="filter-model"]', 'gpt-4o-mini');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-list"] [data-trace-id]').length === 1);
  assert.deepEqual(await visibleTraceIds(), [first.traceId]);
  await page.selectOption('[data-testid="filter-model"]', '');

  await page.selectOption('[data-testid="filter-service"]', 'batch-worker');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-list"] [data-trace-id]').length === 1);
  assert.deepEqual(await visibleTraceIds(), [failing.traceId]);
  await page.selectOption('[data-testid="filter-service"]', '');

  await page.check('[data-testid="filter-errors"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-list"] [data-trace-id]').length === 1);
  assert.deepEqual(await visibleTraceIds(), [failing.traceId]);
  await page.uncheck('[data-testid="filter-errors"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="trace-list"] [data-trace-id]').length === 2);
});

test('tool calls, tool results and reasoning render as chat parts', async () => {
  const agent = await exportChatTrace({
    service: 'agent',
    rootName: 'weather agent',
    model: 'gpt-4o-mini',
    prompt: '',
    completion: '',
    inputMessages: [
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { tempC: 18, sky: 'clear' } }] },
    ],
    outputMessages: [
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'The tool says 18°C and clear.' },
          { type: 'text', content: 'It is 18°C and clear in Paris.' },
        ],
        finish_reason: 'stop',
      },
    ],
  });
  await page.waitForSelector(rowOf(agent.traceId));
  await page.click(rowOf(agent.traceId));
  await page.click(`[data-span-id="${agent.chatSpanId}"]`);
  const chat = page.locator('[data-testid="span-panel"] [data-testid="chat"]');
  await chat.waitFor();
  const text = (await chat.textContent())!;
  assert.match(text, /tool call\s*get_weather\s*call_1/);
  assert.match(text, /"city": "Paris"/);
  assert.match(text, /tool result\s*call_1/);
  assert.match(text, /"tempC": 18/);
  assert.match(text, /The tool says 18°C and clear\./);
  assert.match(text, /It is 18°C and clear in Paris\./);
  assert.equal(await chat.locator('[data-role="tool"]').count(), 1);
  await page.screenshot({ path: resolve(ARTIFACTS, 'viewer-ui-tools.png') });
  await page.keyboard.press('Escape');
});

test('markup in span content is shown as text, never run', async () => {
  const evil = await exportChatTrace({
    service: 'xss-svc',
    rootName: '<img src=x onerror="window.__pwned=1">',
    model: 'gpt-4o-mini',
    prompt: '<script>window.__pwned=2</script> and <img src=x onerror="window.__pwned=3">',
    completion: '<b>bold?</b><iframe src="javascript:window.__pwned=4"></iframe>',
    system: '<style>body{display:none}</style>',
  });
  await page.waitForSelector(rowOf(evil.traceId));
  assert.match((await page.textContent(rowOf(evil.traceId)))!, /<img src=x onerror="window.__pwned=1">/);
  await page.click(rowOf(evil.traceId));
  await page.click(`[data-span-id="${evil.chatSpanId}"]`);
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.waitFor();
  const text = (await panel.textContent())!;
  assert.ok(text.includes('<script>window.__pwned=2</script>'));
  assert.ok(text.includes('<iframe src="javascript:window.__pwned=4"></iframe>'));
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  assert.equal(await page.locator('main img, main script, main iframe, main style, [data-testid="chat"] b').count(), 0);
  assert.ok(await page.isVisible('body'));
});

test('a 10,000-span trace renders with a bounded number of DOM rows', async () => {
  const traceId = hexId(16);
  const t0 = Date.now() - 60_000;
  const ids = Array.from({ length: 10_000 }, () => hexId(8));
  const spans = ids.map((spanId, i) => ({
    traceId,
    spanId,
    parentSpanId: i ? ids[Math.floor((i - 1) / 8)] : undefined,
    name: i ? `step ${i}` : 'huge batch job',
    startMs: t0 + i * 2,
    endMs: t0 + i * 2 + (i ? 50 : 30_000),
    attributes: { 'job.index': i },
    // In this 8-ary layout the depth-first walk ends at span 4680 (0 → 8 → 72 → 584 → 4680): the bottom row.
    error: i === 4_680,
  }));
  const res = await fetch(server.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpJson(spans, 'huge-svc') });
  assert.equal(res.status, 200);
  await page.waitForSelector(rowOf(traceId));
  await page.click(rowOf(traceId));
  await page.waitForFunction(() => document.querySelector('[data-testid="span-count"]')?.textContent === '10,000');
  const rows = await page.locator('[data-testid="waterfall"] .wf-row').count();
  assert.ok(rows > 10 && rows < 120, `${rows} rows in the DOM`);
  // Scrolled to the end, the last spans are there and the DOM is still bounded.
  await page.$eval('[data-testid="waterfall"]', (el) => (el.scrollTop = el.scrollHeight));
  await page.waitForSelector('[data-testid="waterfall"] .wf-row.error');
  assert.match((await page.textContent('[data-testid="waterfall"] .wf-row.error'))!, /step 4680/);
  const after = await page.locator('[data-testid="waterfall"] .wf-row').count();
  assert.ok(after < 120, `${after} rows in the DOM after scrolling`);
  await page.screenshot({ path: resolve(ARTIFACTS, 'viewer-ui-10k.png') });
});

test('new traces arriving at the top do not move a list the user scrolled down', async () => {
  const now = Date.now();
  const many = Array.from({ length: 60 }, (_, i) => ({ traceId: hexId(16), spanId: hexId(8), name: `filler ${i}`, startMs: now - 60_000 + i, endMs: now - 60_000 + i + 1 }));
  await fetch(server.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpJson(many, 'filler') });
  await page.waitForSelector(rowOf(many[59].traceId));
  // Ten rows down (the row height is the list's own, read from the DOM).
  const rowHeight = await page.$eval('[data-testid="trace-list"] [data-trace-id]', (el) => el.getBoundingClientRect().height);
  await page.$eval('[data-testid="trace-list"]', (el, h) => (el.scrollTop = h * 10), rowHeight);
  await page.waitForFunction(() => {
    const list = document.querySelector('[data-testid="trace-list"]')!;
    return [...list.querySelectorAll('[data-trace-id]')].some((r) => r.getBoundingClientRect().top >= list.getBoundingClientRect().top);
  });
  const topRow = () =>
    page.$eval('[data-testid="trace-list"]', (list) => {
      const top = list.getBoundingClientRect().top;
      const row = [...list.querySelectorAll('[data-trace-id]')].find((r) => Math.abs(r.getBoundingClientRect().top - top) < 2);
      return row?.getAttribute('data-trace-id') ?? null;
    });
  const before = await topRow();
  assert.ok(before);
  const countBefore = await page.textContent('[data-testid="trace-count"]');
  const newcomer = hexId(16);
  await fetch(server.otlpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: otlpJson([{ traceId: newcomer, spanId: hexId(8), name: 'newcomer', startMs: Date.now(), endMs: Date.now() + 1 }], 'filler'),
  });
  await page.waitForFunction((text) => document.querySelector('[data-testid="trace-count"]')?.textContent !== text, countBefore);
  await page.waitForTimeout(50);
  assert.equal(await topRow(), before);
  await page.$eval('[data-testid="trace-list"]', (el) => (el.scrollTop = 0));
  await page.waitForSelector(rowOf(newcomer));
});

test('export a trace as OTLP JSON, clear everything, import the file back', async () => {
  await page.click(rowOf(first.traceId));
  await page.waitForSelector(`[data-testid="waterfall"] [data-span-id="${first.chatSpanId}"]`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export"]')]);
  assert.equal(download.suggestedFilename(), `trace-${first.traceId}.otlp.json`);
  const body = await readFile((await download.path())!, 'utf8');
  assert.equal(JSON.parse(body).resourceSpans.length > 0, true);

  await page.click('[data-testid="clear"]');
  await page.waitForSelector('[data-testid="empty"]');
  assert.equal(await page.locator('[data-testid="trace-list"] [data-trace-id]').count(), 0);
  assert.equal((await (await fetch(new URL('/api/traces', server.url))).json()).traces.length, 0);

  await page.setInputFiles('[data-testid="import-file"]', { name: 'trace.json', mimeType: 'application/json', buffer: Buffer.from(body) });
  await page.waitForSelector(rowOf(first.traceId));
  // The imported trace opens by itself.
  await page.waitForSelector(`[data-testid="waterfall"] [data-span-id="${first.chatSpanId}"]`);
  assert.match((await page.textContent('[data-testid="notice"]'))!, /Imported 4 spans/);
});

test('after the server restarts, the page reconnects and resyncs from hello', async () => {
  const port = server.port;
  await server.close();
  await page.waitForSelector('[data-testid="connection"][data-state="closed"]');
  server = await createViewerServer({ port, forward: null, uiDir: UI_DIR });
  const traceId = hexId(16);
  const now = Date.now();
  await fetch(server.otlpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: otlpJson([{ traceId, spanId: hexId(8), name: 'after restart', startMs: now, endMs: now + 5 }], 'restarted-svc'),
  });
  await page.waitForSelector('[data-testid="connection"][data-state="open"]', { timeout: 15_000 });
  await page.waitForSelector(rowOf(traceId));
  // The old server's traces are gone from the list: the page resynced rather than merged.
  assert.deepEqual(await visibleTraceIds(), [traceId]);
});
