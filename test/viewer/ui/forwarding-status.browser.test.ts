// The header's forwarding indicator in real Chromium: a viewer forwarding to a second local OTLP receiver shows the
// target and live counters (from `forwarding` messages and /api/health), and never the credentials it sends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { createOtlpSink, type OtlpSink } from '../../helpers/otlp-sink.js';
import { ensureUiBuilt, hexId, launchChromium, otlpJson, UI_DIR } from '../../helpers/browser-harness.js';

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

test('fan-out: each target has its own chip; a dead one shows retrying, red, its error and bounds in the tooltip', async () => {
  const closed = await createOtlpSink();
  const deadUrl = closed.url;
  await closed.close(); // connection refused from now on
  const fanout = await createViewerServer({
    port: 0,
    uiDir: UI_DIR,
    env: {
      TRACELIGHT_FORWARD: `live=${sink.url},dead=${deadUrl}`,
      TRACELIGHT_FORWARD_HEADERS_DEAD: `authorization=Bearer%20${SECRET}`,
      TRACELIGHT_FORWARD_QUEUE_SIZE: '8mb',
    },
    // Long enough waits between attempts that the page is looked at while the dead target is `retrying`.
    forwarderOptions: { batchDelayMs: 20, initialBackoffMs: 3_000, maxBackoffMs: 6_000 },
  });
  const tab = await browser.newPage();
  try {
    await tab.goto(fanout.url);
    await tab.waitForSelector('[data-testid="connection"][data-state="open"]');
    const before = sink.spans().length;
    const now = Date.now();
    const traceId = hexId(16);
    const res = await fetch(fanout.otlpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: otlpJson([{ traceId, spanId: hexId(8), name: 'fanned out', startMs: now, endMs: now + 2 }], 'fwd-svc'),
    });
    assert.equal(res.status, 200);
    await sink.waitForSpans(before + 1);
    const chip = (name: string) => `[data-testid="forwarding-target"][data-name="${name}"]`;
    await tab.waitForFunction((sel) => /1 sent/.test(document.querySelector(sel)?.textContent ?? ''), chip('live'));
    await tab.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'retrying', chip('dead'));
    assert.match((await tab.locator(chip('dead')).textContent())!, /^dead · 0 sent · retrying$/);
    assert.equal(await tab.locator(`${chip('dead')} .dot`).getAttribute('class'), 'dot dot-error');
    assert.equal(await tab.locator(`${chip('live')} .dot`).getAttribute('class'), 'dot dot-ok');
    await tab.waitForFunction(() => /\nretrying: /.test(document.querySelector('[data-testid="forwarding"]')?.getAttribute('title') ?? ''));
    const title = (await tab.locator('[data-testid="forwarding"]').getAttribute('title'))!;
    assert.match(title, new RegExp(`dead\\ntarget: ${deadUrl}\\nsent: 0\\nqueued: 1 span \\(\\d+ B of 8 MiB\\)\\nretrying: \\d+ attempts? over`));
    assert.match(title, /dropped: 0 \(queue full 0, retry time exhausted 0, rejected 0, at shutdown 0\)/);
    assert.match(title, /last error: fetch failed: ECONNREFUSED/);
    await tab.screenshot({ path: 'test-results/forwarding-fan-out.png' });
    const everything = await tab.evaluate(() => document.documentElement.outerHTML);
    assert.equal(everything.includes(SECRET), false);
  } finally {
    await tab.close();
    await fanout.forwarder!.close(0);
    await fanout.close();
  }
});
