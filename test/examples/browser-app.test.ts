// The browser example end to end in headless Chromium: a click in the page must reach the viewer as ONE trace
// holding the click span, the page's LLM span, the backend's SERVER span and the backend's LLM span, with the
// right parents, and the viewer's UI must show it. Twice: the page exporting straight to the viewer (development)
// and through the relay on its backend (production).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { run } from '../../examples/browser-app/run.js';
import { createViewerServer, type ViewerServer } from '../../viewer/server/create-viewer-server.js';
import type { StoredSpan } from '../../viewer/shared/api-types.js';
import { childrenOf, waitForTraceWith } from '../helpers/viewer-api.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let viewer: ViewerServer;
let browser: Browser;

// One viewer for both runs: the backend's Node library is initialised once per process, with this endpoint.
before(async () => {
  // The viewer's UI is a build product (`npm run build`, which `npm test` runs); build it if this test runs alone.
  if (!existsSync(join(repoRoot, 'dist/ui/index.html'))) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  }
  viewer = await createViewerServer({ port: 0, forward: null, uiDir: join(repoRoot, 'dist/ui') });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  await viewer?.close();
});

/** Starts the example, clicks "Ask", returns the trace the viewer got and every URL the page requested. */
async function clickAsk(t: { after(fn: () => unknown): void }, exportVia: 'viewer' | 'relay') {
  const outDir = mkdtempSync(join(tmpdir(), 'tracelight-browser-app-'));
  t.after(() => rmSync(outDir, { recursive: true, force: true }));
  const app = await run({ otlpEndpoint: viewer.url, env: {}, outDir, exportVia });
  t.after(() => app.close());
  assert.equal(app.usedFakeProvider, true);

  const page = await browser.newPage();
  t.after(() => page.close());
  const pageErrors: string[] = [];
  const requested: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(app.pageUrl);
  await page.locator('#ask:enabled').click();
  await page.locator('#answer[data-state="done"]').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('#answer').innerText(), /\S/);
  assert.deepEqual(pageErrors, []);

  const spans = await waitForTraceWith(
    viewer.url,
    `the click trace with its backend spans (${exportVia})`,
    (s) => s.name === 'ask-question.workflow' && s.resource.attributes['service.name'] === 'browser-app' &&
      !seenTraces.has(s.traceId),
    4,
  );
  seenTraces.add(spans[0].traceId);
  return { app, spans, requested };
}
const seenTraces = new Set<string>();

/** Asserts the one-trace shape and returns its four spans. */
function assertOneTrace(spans: StoredSpan[]) {
  assert.equal(spans.length, 4, spans.map((s) => `${s.name} (${String(s.resource.attributes['service.name'])})`).join(', '));
  const click = spans.find((s) => s.name === 'ask-question.workflow')!;
  assert.equal(click.parentSpanId, null, 'the click starts the trace');
  assert.equal(click.resource.attributes['service.name'], 'browser-app');

  const underClick = childrenOf(spans, click);
  const pageLlm = underClick.find((s) => s.name === 'chat gpt-4o-mini');
  const handler = underClick.find((s) => s.name === 'POST /api/answer');
  assert.ok(pageLlm, `the page's LLM span is a child of the click: ${underClick.map((s) => s.name).join(', ')}`);
  assert.ok(handler, `the backend handler is a child of the click (traceparent): ${underClick.map((s) => s.name).join(', ')}`);
  assert.equal(pageLlm.resource.attributes['service.name'], 'browser-app');
  assert.equal(pageLlm.kind, 3);
  assert.equal(pageLlm.attributes['gen_ai.provider.name'], 'openai');
  assert.equal(pageLlm.genAi?.operation, 'chat');
  assert.equal(typeof pageLlm.genAi?.outputTokens, 'number');

  assert.equal(handler.resource.attributes['service.name'], 'browser-app-backend');
  assert.equal(handler.kind, 2, 'the handler is a SERVER span');
  const [backendLlm, ...extra] = childrenOf(spans, handler);
  assert.equal(extra.length, 0);
  assert.equal(backendLlm?.name, 'chat gpt-4o-mini');
  assert.equal(backendLlm.resource.attributes['service.name'], 'browser-app-backend');
  assert.equal(backendLlm.attributes['gen_ai.provider.name'], 'openai');
  assert.equal(typeof backendLlm.genAi?.inputTokens, 'number');
  assert.ok(spans.every((s) => s.traceId === click.traceId));
  return { click, pageLlm, handler, backendLlm };
}

test('browser-app: click → page LLM call + backend handler → backend LLM call, one trace, shown in the UI', async (t) => {
  const { app, spans, requested } = await clickAsk(t, 'viewer');
  const { click, pageLlm, handler, backendLlm } = assertOneTrace(spans);
  assert.ok(requested.some((url) => url.startsWith(new URL('/v1/traces', viewer.url).toString())), 'the page exported to the viewer');
  assert.ok(!requested.some((url) => url.startsWith(`${app.backendUrl}/otlp/`)));

  // The viewer's UI shows the trace: one waterfall row per span, page and backend alike.
  const ui = await browser.newPage();
  t.after(() => ui.close());
  await ui.goto(new URL(`#/trace/${click.traceId}`, viewer.url).toString());
  for (const span of [click, pageLlm, handler, backendLlm]) {
    const row = ui.locator(`[data-span-id="${span.spanId}"]`);
    await row.waitFor({ timeout: 15_000 }).catch(async (error: Error) => {
      await ui.screenshot({ path: join(repoRoot, 'test-results/browser-app-trace-failed.png') });
      throw error;
    });
    assert.equal(await row.locator('.wf-name').innerText(), span.name);
  }
  await ui.screenshot({ path: join(repoRoot, 'test-results/browser-app-trace.png') });
});

test('browser-app with --relay: the page exports through its backend\'s tracelight/relay, same one trace', async (t) => {
  const { app, spans, requested } = await clickAsk(t, 'relay');
  assertOneTrace(spans);
  assert.ok(requested.some((url) => url === `${app.backendUrl}/otlp/v1/traces`), 'the page exported to the relay');
  assert.ok(!requested.some((url) => url.startsWith(new URL('/v1/', viewer.url).toString())), 'never to the viewer');
});
