// The header's forwarding indicator in real Chromium: a viewer forwarding to a second local OTLP receiver shows the
// target and live counters (from `forwarding` messages and /api/health), and never the credentials it sends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { createOtlpSink, type OtlpSink } from '../../helpers/otlp-sink.js';
import { ensureUiBuilt, hexId, launchChromium, otlpJson, UI_DIR } from './browser-harness.js';

const SECRET = 'sk-test-do-not-show-123';
let sink: OtlpSink;
let server: ViewerServer;
let browser: Browser;
let page: Page;

before(async () => {
  ensureUiBuilt();
  sink = await createOtlpSink();
  server = await createViewerServer({
    port: 0,
    uiDir: UI_DIR,
    env: { TRACELIGHT_FORWARD: sink.url, TRACELIGHT_FORWARD_HEADERS: `authorization=Bearer%20${SECRET}` },
    forwarderOptions: { batchDelayMs: 20 },
  });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
});

after(async () => {
  await browser?.close();
  await server?.close();
  await sink?.close();
});

test('the forwarding indicator shows the target and counts sent spans, never the key', async () => {
  const indicator = page.locator('[data-testid="forwarding"]');
  const host = new URL(sink.url).host;
  await page.waitForFunction((h) => document.querySelector('[data-testid="forwarding"]')?.textContent?.includes(`Forwarding to ${h}`), host);
  assert.match((await indicator.textContent())!, /0 sent/);

  const now = Date.now();
  const traceId = hexId(16);
  const res = await fetch(server.otlpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: otlpJson(
      [
        { traceId, spanId: hexId(8), name: 'forwarded one', startMs: now, endMs: now + 2 },
        { traceId, spanId: hexId(8), name: 'forwarded two', startMs: now, endMs: now + 2 },
      ],
      'fwd-svc',
    ),
  });
  assert.equal(res.status, 200);
  await sink.waitForSpans(2);
  await page.waitForFunction(() => /2 sent/.test(document.querySelector('[data-testid="forwarding"]')?.textContent ?? ''));
  assert.equal((await indicator.getAttribute('title'))!.includes(`target: ${sink.url}`), true);

  const everything = await page.evaluate(() => document.documentElement.outerHTML);
  assert.equal(everything.includes(SECRET), false);
});
