// The UI's everyday tools in real Chromium against the real viewer: the empty state's init() snippet, copy to the
// clipboard, the pause switch, `/` and `?`, zoom and the resizable name column, readable dates, inline image parts,
// Compare (two spans as a diff, deep link) and Replay against the fake provider (a new span linked to the original,
// opened in Compare).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createFakeProvider, type FakeProvider } from '../../../viewer/fake-provider/create-fake-provider.js';
import { wrapFetch } from '../../../lib/fetch/default-fetch.js';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { TraceResponse, TracesResponse } from '../../../viewer/shared/api-types.js';
import { ensureUiBuilt, hexId, launchChromium, otlpJson, UI_DIR, type JsonSpanInput } from '../../helpers/browser-harness.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-results');
/** An 8×6 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAABxZ0isAAAAEUlEQVR4nGM4YROFFTEMpAQAUDNBoan1CMYAAAAASUVORK5CYII=';

let fake: FakeProvider;
let server: ViewerServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const env: Record<string, string | undefined> = {};
/** Requests the page made to hosts other than the viewer's. */
const foreignRequests: string[] = [];

before(async () => {
  ensureUiBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  fake = await createFakeProvider();
  server = await createViewerServer({ port: 0, forward: null, uiDir: UI_DIR, env });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error));
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== new URL(server.url).origin && !request.url().startsWith('data:')) foreignRequests.push(request.url());
  });
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
});

after(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
});

const post = async (spans: JsonSpanInput[], service = 'features') => {
  const res = await fetch(server.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpJson(spans, service) });
  assert.equal(res.status, 200);
};
const rowOf = (traceId: string) => `[data-testid="trace-list"] [data-trace-id="${traceId}"]`;

/** A trace with one chat span; returns its ids. */
async function chatTrace(opts: { prompt: string; answer: string; model?: string; temperature?: number; input?: unknown[]; startMs?: number }) {
  const traceId = hexId(16);
  const root = hexId(8);
  const chat = hexId(8);
  const t0 = opts.startMs ?? Date.now() - 3000;
  await post([
    { traceId, spanId: root, name: 'answer question', startMs: t0, endMs: t0 + 1200 },
    {
      traceId,
      spanId: chat,
      parentSpanId: root,
      name: `chat ${opts.model ?? 'gpt-4o-mini'}`,
      startMs: t0 + 100,
      endMs: t0 + 1100,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': opts.model ?? 'gpt-4o-mini',
        'gen_ai.response.model': opts.model ?? 'gpt-4o-mini',
        'gen_ai.request.temperature': opts.temperature ?? 0.2,
        'gen_ai.usage.input_tokens': 20,
        'gen_ai.usage.output_tokens': 9,
        'gen_ai.input.messages': JSON.stringify(opts.input ?? [{ role: 'user', parts: [{ type: 'text', content: opts.prompt }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: opts.answer }], finish_reason: 'stop' }]),
      },
    },
  ]);
  await page.waitForSelector(rowOf(traceId));
  return { traceId, spanId: chat };
}

test('with no traces, the page shows the init() snippet and the --demo hint', async () => {
  await page.waitForSelector('[data-testid="empty"]');
  assert.match((await page.textContent('[data-testid="init-snippet"]'))!, /import \{ init \} from 'tracelight';[\s\S]*init\(\{ serviceName/);
  assert.match((await page.textContent('[data-testid="demo-hint"]'))!, /npx tracelight --demo/);
});

test('copy buttons put the id on the clipboard; times show dates', async () => {
  const { traceId, spanId } = await chatTrace({ prompt: 'Hi', answer: 'Hello' });
  await page.evaluate(([t, s]) => (location.hash = `#/trace/${t}/span/${s}`), [traceId, spanId]);
  await page.waitForSelector('[data-testid="span-panel"]');
  await page.click('[data-testid="copy-trace-id"]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), traceId);
  await page.click('[data-testid="copy-span-id"]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), spanId);
  // Span start and end read as dates, not nanosecond integers.
  const ids = (await page.textContent('[data-testid="span-ids"]'))!;
  assert.match(ids, /start\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}/);
  assert.match(ids, /end\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}/);
  // An old trace shows its day in the list.
  const old = await chatTrace({ prompt: 'Old', answer: 'Yes', startMs: Date.UTC(2024, 2, 5, 12) });
  assert.match((await page.textContent(`${rowOf(old.traceId)} .trace-when`))!, /^(Mar \d|2024-03-0\d)/);
  await page.keyboard.press('Escape');
});

test('/ focuses the search box, ? shows the shortcuts', async () => {
  await page.click('.brand');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'search');
  await page.keyboard.type('x');
  assert.equal(await page.inputValue('[data-testid="search"]'), 'x', 'the slash itself is not typed');
  await page.fill('[data-testid="search"]', '');
  await page.click('.brand');
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid="shortcuts"]');
  assert.match((await page.textContent('[data-testid="shortcuts"]'))!, /Focus the search box/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="shortcuts"]', { state: 'detached' });
});

test('paused, new traces do not move the selected row; the count of arrivals shows', async () => {
  const { traceId } = await chatTrace({ prompt: 'Keep me', answer: 'Kept' });
  await page.click(rowOf(traceId));
  await page.waitForSelector('[data-testid="trace-view"]');
  const top = () => page.$eval(rowOf(traceId), (el) => el.getBoundingClientRect().top);
  const before = await top();
  await page.click('[data-testid="pause"]');
  const now = Date.now();
  await post([0, 1, 2].map((i) => ({ traceId: hexId(16), spanId: hexId(8), name: `arrival ${i}`, startMs: now + i, endMs: now + i + 5 })));
  await page.waitForSelector('[data-testid="show-new"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="show-new"]')?.textContent?.trim() === '3 new');
  assert.equal(await top(), before, 'the selected row stayed where it was');
  assert.equal(await page.getAttribute(rowOf(traceId), 'aria-selected'), 'true');
  // Resuming shows them above.
  await page.click('[data-testid="show-new"]');
  await page.waitForFunction((t) => {
    const row = document.querySelector(`[data-testid="trace-list"] [data-trace-id="${t}"]`);
    return !!row && row.getBoundingClientRect().top > 0;
  }, traceId);
  assert.ok((await top()) > before, 'after resuming the new traces are listed above');
});

test('zoom and the resizable name column', async () => {
  const traceId = hexId(16);
  const t0 = Date.now() - 10_000;
  const root = hexId(8);
  await post([
    { traceId, spanId: root, name: 'long job', startMs: t0, endMs: t0 + 8000 },
    { traceId, spanId: hexId(8), parentSpanId: root, name: 'early step', startMs: t0 + 10, endMs: t0 + 200 },
    { traceId, spanId: hexId(8), parentSpanId: root, name: 'late step', startMs: t0 + 7000, endMs: t0 + 7900 },
  ]);
  await page.waitForSelector(rowOf(traceId));
  await page.click(rowOf(traceId));
  await page.waitForSelector('[data-testid="wf-zoom"]');
  assert.equal(await page.textContent('[data-testid="zoom-window"]'), 'whole trace');
  await page.click('[aria-label="Zoom in"]');
  assert.match((await page.textContent('[data-testid="zoom-window"]'))!, /2×/);
  // The early step is outside the middle half: its bar is gone and an arrow says where it is.
  assert.equal(await page.locator('.wf-row:has-text("early step") .wf-bar').count(), 0);
  await page.click('button:has-text("Fit")');
  assert.equal(await page.textContent('[data-testid="zoom-window"]'), 'whole trace');
  const width = () => page.$eval('[data-testid="waterfall"] .wf-label', (el) => el.getBoundingClientRect().width);
  const w0 = await width();
  await page.focus('[data-testid="wf-resize"]');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(Math.round((await width()) - w0), 48);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
});

test('image parts render inline; a remote image waits for a click', async () => {
  const { traceId, spanId } = await chatTrace({
    prompt: '',
    answer: 'A red rectangle.',
    input: [
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is in these pictures?' },
          { type: 'blob', modality: 'image', mime_type: 'image/png', content: PNG },
          { type: 'uri', modality: 'image', uri: 'https://images.example.com/cat.png' },
          { type: 'blob', modality: 'audio', mime_type: 'audio/wav', content: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEA' },
        ],
      },
    ],
  });
  await page.evaluate(([t, s]) => (location.hash = `#/trace/${t}/span/${s}`), [traceId, spanId]);
  const image = page.locator('[data-testid="span-panel"] [data-testid="media-image"] img');
  await image.waitFor();
  await page.waitForFunction(() => (document.querySelector('[data-testid="media-image"] img') as HTMLImageElement | null)?.complete);
  assert.deepEqual(await image.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]), [8, 6]);
  assert.match((await page.textContent('[data-testid="media-image"]'))!, /image\/png · \d+ B/);
  assert.match((await page.textContent('[data-testid="media-audio"]'))!, /audio · audio\/wav · 24 B/);
  assert.match((await page.textContent('[data-testid="media-remote"]'))!, /images\.example\.com/);
  assert.deepEqual(foreignRequests, [], 'nothing fetched from a remote host unasked');
  await page.locator('[data-testid="span-panel"]').screenshot({ path: resolve(ARTIFACTS, 'viewer-ui-media.png') });
  await page.keyboard.press('Escape');
});

test('compare two LLM calls: the tray, the side-by-side diff, the deep link', async () => {
  const a = await chatTrace({ prompt: 'What is the weather in Paris today?', answer: 'It is 18 °C and sunny.', temperature: 0.2 });
  const b = await chatTrace({ prompt: 'What is the weather in Tokyo today?', answer: 'It is 22 °C with light rain.', temperature: 0.7, model: 'gpt-4.1' });
  await page.evaluate(([t, s]) => (location.hash = `#/trace/${t}/span/${s}`), [a.traceId, a.spanId]);
  await page.click('[data-testid="compare-span"]');
  await page.evaluate(([t, s]) => (location.hash = `#/trace/${t}/span/${s}`), [b.traceId, b.spanId]);
  await page.waitForFunction((s) => document.querySelector('[data-testid="span-panel"] .panel-sub')?.textContent?.includes(s), b.spanId);
  await page.click('[data-testid="compare-span"]');
  assert.equal(await page.locator('[data-testid="compare-tray"] .tray-item').count(), 2);
  await page.click('[data-testid="open-compare"]');
  await page.waitForSelector('[data-testid="span-compare"]');
  assert.equal(await page.evaluate(() => location.hash), `#/compare/${a.traceId}/${a.spanId}/${b.traceId}/${b.spanId}`);
  const input = page.locator('[data-testid="diff-input"]');
  assert.equal(await input.locator('mark.diff-del').first().textContent(), 'Paris');
  assert.equal(await input.locator('mark.diff-add').first().textContent(), 'Tokyo');
  const output = page.locator('[data-testid="diff-output"]');
  // Left keeps what only it has, right what only it has; the shared words are unmarked.
  assert.deepEqual(await output.locator('mark.diff-del').allTextContents(), ['18', 'and', 'sunny.']);
  assert.deepEqual(await output.locator('mark.diff-add').allTextContents(), ['22', 'with light', 'rain.']);
  assert.equal(await output.locator('.diff-side').first().textContent(), 'It is 18 °C and sunny.');
  assert.match((await page.textContent('[data-testid="compare-params"]'))!, /temperature\s*0\.2\s*0\.7/);
  assert.match((await page.textContent('[data-testid="compare-facts"]'))!, /Model\s*gpt-4o-mini\s*gpt-4\.1/);
  await page.screenshot({ path: resolve(ARTIFACTS, 'viewer-ui-compare.png') });
  // The deep link works on a fresh load; two traces compare too.
  await page.reload();
  await page.waitForSelector('[data-testid="span-compare"] mark.diff-add');
  await page.evaluate(([x, y]) => (location.hash = `#/compare/${x}/${y}`), [a.traceId, b.traceId]);
  await page.waitForSelector('[data-testid="trace-compare"]');
  assert.equal(await page.locator('[data-testid="compare-calls"] tbody tr').count(), 1);
  await page.click('[data-testid="compare-calls"] button:has-text("Compare")');
  await page.waitForSelector('[data-testid="span-compare"]');
  await page.evaluate(() => (location.hash = '#/'));
});

test('replay an LLM call against the fake provider: a new linked span, opened in Compare', async () => {
  // The original call: the real `openai` SDK, traced by this library, exported to the viewer.
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'replay-app' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: server.otlpUrl }))],
  });
  const openai = new OpenAI({ apiKey: 'app-key', baseURL: `${fake.url}/v1`, fetch: wrapFetch(fetch, { tracer: provider.getTracer('tracelight') }), maxRetries: 0 });
  await openai.chat.completions.create({ model: 'gpt-4o-mini', temperature: 0.2, messages: [{ role: 'user', content: 'Say hello' }] });
  await provider.forceFlush();
  await provider.shutdown();
  const { traces } = await (await fetch(new URL('/api/traces?service=replay-app', server.url))).json() as TracesResponse;
  const original = (await (await fetch(new URL(`/api/traces/${traces[0].traceId}`, server.url))).json() as TraceResponse).spans[0];

  env.OPENAI_API_KEY = 'sk-viewer';
  env.OPENAI_BASE_URL = `${fake.url}/v1`;
  await page.evaluate(([t, s]) => (location.hash = `#/trace/${t}/span/${s}`), [original.traceId, original.spanId]);
  await page.click('[data-testid="replay"]');
  await page.waitForSelector('[data-testid="replay-message-0"]');
  assert.match((await page.textContent('[data-testid="replay-target"]'))!, new RegExp(`${fake.url}/v1/chat/completions[\\s\\S]*with the key in OPENAI_API_KEY`));
  assert.equal(await page.inputValue('[data-testid="replay-message-0"]'), 'Say hello');
  await page.fill('[data-testid="replay-message-0"]', 'Say goodbye');
  await page.fill('[data-testid="replay-param-temperature"]', '0.8');
  const before = fake.requests.length;
  await page.click('[data-testid="replay-send"]');
  // Nothing is sent before the confirmation, which names the host and the key variable.
  assert.match((await page.textContent('[data-testid="replay-confirm-text"]'))!, new RegExp(`${new URL(fake.url).host}.*OPENAI_API_KEY`));
  assert.equal(fake.requests.length, before);
  await page.click('[data-testid="replay-confirm"]');
  await page.waitForSelector('[data-testid="span-compare"]');
  const sent = fake.requests.at(-1)!;
  assert.equal(sent.headers.authorization, 'Bearer sk-viewer');
  assert.equal((sent.body as { temperature: number }).temperature, 0.8);
  const hash = await page.evaluate(() => location.hash);
  const [, , leftTrace, leftSpan, rightTrace, rightSpan] = hash.split('/');
  assert.deepEqual([leftTrace, leftSpan], [original.traceId, original.spanId]);
  const replayed = (await (await fetch(new URL(`/api/traces/${rightTrace}`, server.url))).json() as TraceResponse).spans.find((s) => s.spanId === rightSpan)!;
  assert.deepEqual(replayed.links?.map((l) => [l.traceId, l.spanId]), [[original.traceId, original.spanId]]);
  assert.equal(await page.locator('[data-testid="diff-input"] mark.diff-add').first().textContent(), 'goodbye');
  assert.match((await page.textContent('[data-testid="compare-params"]'))!, /temperature\s*0\.2\s*0\.8/);
  assert.ok(!(await page.content()).includes('sk-viewer'), 'the key never reaches the page');
  await page.screenshot({ path: resolve(ARTIFACTS, 'viewer-ui-replay-compare.png') });
  delete env.OPENAI_API_KEY;
  delete env.OPENAI_BASE_URL;
});

test('without a key for a remote host, the editor says which variable to set', async () => {
  const traceId = hexId(16);
  const spanId = hexId(8);
  await post([
    {
      traceId,
      spanId,
      name: 'chat gpt-4o',
      startMs: Date.now() - 1000,
      endMs: Date.now() - 500,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'url.full': 'https://api.openai.com/v1/chat/completions', 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]' },
    },
  ]);
  await page.evaluate(([t, s]) => (location.hash = `#/trace/${t}/span/${s}`), [traceId, spanId]);
  await page.click('[data-testid="replay"]');
  await page.waitForSelector('[data-testid="replay-unavailable"]');
  assert.match((await page.textContent('[data-testid="replay-unavailable"]'))!, /OPENAI_API_KEY/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="replay-dialog"]', { state: 'detached' });
});
