// The browser example end to end in headless Chromium: a click in the page must reach the viewer as ONE trace
// holding the click span, the page's LLM span, the backend's SERVER span and the backend's LLM span, with the
// right parents, and the viewer's UI must show it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { run } from '../../examples/browser-app/run';
import { createViewerServer } from '../../viewer/server/create-viewer-server';
import { childrenOf, waitForTraceWith } from './viewer-api';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

test('browser-app: click → page LLM call + backend handler → backend LLM call, one trace, shown in the UI', async (t) => {
  // The viewer's UI is a build product (`npm run build`, which `npm test` runs); build it if this test runs alone.
  if (!existsSync(join(repoRoot, 'dist/ui/index.html'))) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const viewer = await createViewerServer({ port: 0, forward: null, uiDir: join(repoRoot, 'dist/ui') });
  t.after(() => viewer.close());
  const outDir = mkdtempSync(join(tmpdir(), 'tracelight-browser-app-'));
  t.after(() => rmSync(outDir, { recursive: true, force: true }));
  const app = await run({ otlpEndpoint: viewer.url, env: {}, outDir });
  t.after(() => app.close());
  assert.equal(app.usedFakeProvider, true);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.after(() => browser.close());
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(app.pageUrl);
  await page.locator('#ask:enabled').click();
  await page.locator('#answer[data-state="done"]').waitFor({ timeout: 20_000 });
  assert.match(await page.locator('#answer').innerText(), /\S/);
  assert.deepEqual(pageErrors, []);

  const spans = await waitForTraceWith(
    viewer.url,
    'the click trace with its backend spans',
    (s) => s.name === 'ask-question.workflow',
    4,
  );
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

  // The viewer's UI shows the trace: one waterfall row per span, page and backend alike.
  const ui = await browser.newPage();
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
