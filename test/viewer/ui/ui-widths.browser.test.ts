// The layout at 390, 960 and 1440 px in real Chromium: header controls, list rows and the span panel lie inside the
// viewport and do not overlap, no button or menu is cut, and text cut with an ellipsis has its full text on hover.
// Screenshots of each width land in test-results/ (list, open trace with the panel).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { ensureUiBuilt, hexId, launchChromium, otlpJson, UI_DIR, type JsonSpanInput } from '../../helpers/browser-harness.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-results');
const WIDTHS = [390, 960, 1440];

let server: ViewerServer;
let browser: Browser;
let page: Page;
let llmTrace: string;
let llmSpan: string;

before(async () => {
  ensureUiBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await createViewerServer({ port: 0, forward: null, uiDir: UI_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  page.on('pageerror', (error) => console.error('page error:', error));
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  // Long names everywhere: what used to overlap or get cut.
  const now = Date.now() - 5000;
  const spans: JsonSpanInput[] = [];
  for (let i = 0; i < 6; i++) {
    const traceId = hexId(16);
    const root = hexId(8);
    const chat = hexId(8);
    if (i === 0) [llmTrace, llmSpan] = [traceId, chat];
    spans.push(
      { traceId, spanId: root, name: `POST /api/support/conversations/${i}/answer-with-retrieval-augmented-generation`, startMs: now + i * 10, endMs: now + i * 10 + 1800 },
      {
        traceId,
        spanId: chat,
        parentSpanId: root,
        name: 'chat gpt-4o-mini-2024-07-18-with-a-very-long-deployment-name',
        startMs: now + i * 10 + 100,
        endMs: now + i * 10 + 1600,
        error: i === 0,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini-2024-07-18-with-a-very-long-deployment-name',
          'gen_ai.response.model': 'gpt-4o-mini-2024-07-18-with-a-very-long-deployment-name',
          'gen_ai.usage.input_tokens': 1234,
          'gen_ai.usage.output_tokens': 567,
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Summarize the quarterly report, please. '.repeat(8) }] }]),
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Here is the summary.' }] }]),
        },
      },
      { traceId, spanId: hexId(8), parentSpanId: chat, name: 'execute_tool lookup_customer_account_history_and_preferences', startMs: now + i * 10 + 300, endMs: now + i * 10 + 900 },
    );
  }
  const res = await fetch(server.otlpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: otlpJson(spans, 'tracelight-customer-support-backend-eu-west-1'),
  });
  assert.equal(res.status, 200);
  await page.waitForSelector(`[data-trace-id="${llmTrace}"]`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Box {
  what: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Boxes of the visible elements matching `selector` (display: none and zero-size ones skipped). */
async function boxes(selector: string): Promise<Box[]> {
  return page.$$eval(selector, (els) =>
    els
      .map((el) => {
        const r = el.getBoundingClientRect();
        const label = (el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.className ?? el.tagName).toString();
        return { what: `${el.tagName.toLowerCase()} ${label}`.slice(0, 80), x: r.x, y: r.y, w: r.width, h: r.height };
      })
      .filter((b) => b.w > 0 && b.h > 0),
  );
}

const overlaps = (a: Box, b: Box) => a.x + 0.5 < b.x + b.w && b.x + 0.5 < a.x + a.w && a.y + 0.5 < b.y + b.h && b.y + 0.5 < a.y + a.h;

function assertInside(list: Box[], width: number, height: number, context: string) {
  for (const b of list) {
    assert.ok(b.x >= -0.5 && b.x + b.w <= width + 0.5, `${context}: ${b.what} sticks out horizontally (x ${b.x.toFixed(1)}, w ${b.w.toFixed(1)}, viewport ${width})`);
    assert.ok(b.y >= -0.5 && b.y + b.h <= height + 0.5, `${context}: ${b.what} sticks out vertically`);
  }
}

function assertNoOverlap(list: Box[], context: string) {
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      assert.ok(!overlaps(list[i], list[j]), `${context}: ${list[i].what} overlaps ${list[j].what}`);
    }
  }
}

const HEADER_CONTROLS = '.header .brand, .header .search, .header .select, .header .check, .header .btn, .header .status-item';

/** Buttons and menus show their whole label; text cut with an ellipsis carries its full text in a title. */
async function assertNothingCutSilently(context: string) {
  // Passed as source text: tsx's transform would add helpers (`__name`) that do not exist in the page.
  const problems = (await page.evaluate(`(() => {
    const out = [];
    const visible = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of document.querySelectorAll('button, a.btn, label.check')) {
      if (!visible(el) || el.closest('.vlist-rows')) continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(\`control cut: "\${el.textContent?.trim()}" (\${el.scrollWidth} > \${el.clientWidth})\`);
    }
    const canvas = document.createElement('canvas').getContext('2d');
    for (const el of document.querySelectorAll('select')) {
      if (!visible(el)) continue;
      const style = getComputedStyle(el);
      canvas.font = \`\${style.fontWeight} \${style.fontSize} \${style.fontFamily}\`;
      const text = el.selectedOptions[0]?.textContent ?? '';
      // Room for the text plus padding and the arrow; a long model name may be cut, but then the title has it.
      if (canvas.measureText(text).width + 28 > el.clientWidth && el.title !== text) out.push(\`menu cut: "\${text}" in \${el.clientWidth}px\`);
    }
    for (const el of document.querySelectorAll('body *')) {
      if (!visible(el) || getComputedStyle(el).textOverflow !== 'ellipsis') continue;
      if (el.scrollWidth <= el.clientWidth + 1) continue;
      const text = (el.textContent ?? '').trim();
      const titled = el.closest('[title]')?.getAttribute('title') ?? '';
      if (text && !titled.includes(text)) out.push(\`"\${text.slice(0, 40)}" cut without its full text on hover\`);
    }
    return out;
  })()`)) as string[];
  assert.deepEqual(problems, [], context);
}

for (const width of WIDTHS) {
  test(`at ${width} px: header, list rows and the span panel fit and do not overlap`, async () => {
    const height = width < 500 ? 844 : 860;
    await page.setViewportSize({ width, height });
    await page.evaluate(() => (location.hash = '#/'));
    await page.waitForSelector('[data-testid="trace-view"]', { state: 'detached' });
    await page.waitForTimeout(50);

    // The list alone.
    const header = await boxes(HEADER_CONTROLS);
    assert.ok(header.length >= 8, `${header.length} header controls`);
    assertInside(header, width, height, 'list');
    assertNoOverlap(header, 'header');
    const rows = await boxes('[data-testid="trace-list"] [data-trace-id]');
    assert.ok(rows.length >= 6);
    const [headerBox] = await boxes('.header');
    const listBox = (await boxes('[data-testid="trace-list"]'))[0];
    for (const row of rows.filter((r) => r.y < listBox.y + listBox.h)) {
      assert.ok(row.x >= -0.5 && row.x + row.w <= width + 0.5, `row inside the viewport at ${width}`);
      assert.ok(row.y >= headerBox.y + headerBox.h - 0.5, 'rows below the header');
    }
    assertNoOverlap(rows, 'rows');
    // Within a row, the name, duration and meta lines do not overlap.
    const parts = await boxes(`[data-trace-id="${llmTrace}"] .trace-name, [data-trace-id="${llmTrace}"] .trace-duration, [data-trace-id="${llmTrace}"] .trace-meta > *`);
    assertNoOverlap(parts, 'row parts');
    assertInside(parts, width, height, 'row parts');
    await assertNothingCutSilently(`list at ${width}`);
    await page.screenshot({ path: resolve(ARTIFACTS, `viewer-ui-${width}-list.png`) });

    // A trace and its LLM span open.
    await page.evaluate(([t, s]) => (location.hash = `#/trace/${t}/span/${s}`), [llmTrace, llmSpan]);
    const panel = page.locator('[data-testid="span-panel"]');
    await panel.waitFor();
    await page.waitForSelector(`[data-testid="waterfall"] [data-span-id="${llmSpan}"]`);
    const panelBox = (await boxes('[data-testid="span-panel"]'))[0];
    assertInside([panelBox], width, height, 'panel');
    const headerNow = await boxes(HEADER_CONTROLS);
    assertInside(headerNow, width, height, 'trace open');
    assertNoOverlap(headerNow, 'header with the panel open');
    for (const control of headerNow) assert.ok(!overlaps(control, panelBox), `the panel covers ${control.what}`);
    if (width < 760) assert.ok(panelBox.w >= width - 1, 'a full-width sheet on a phone');
    // The panel's own header and actions fit.
    const panelParts = await boxes('[data-testid="span-panel"] .panel-head .btn, [data-testid="span-panel"] .panel-actions .btn, [data-testid="span-panel"] .panel-title');
    assertInside(panelParts, width, height, 'panel parts');
    assertNoOverlap(panelParts, 'panel parts');
    // The error is shown whole, in the flow.
    assert.ok(await page.isVisible('[data-testid="span-error"]'));
    await assertNothingCutSilently(`trace at ${width}`);
    await page.screenshot({ path: resolve(ARTIFACTS, `viewer-ui-${width}-panel.png`) });

    // Without the panel, the waterfall's labels stay in their column and bars in theirs.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    const labels = await boxes('[data-testid="waterfall"] .wf-label');
    const tracks = await boxes('[data-testid="waterfall"] .wf-track');
    assert.ok(labels.length >= 3);
    for (let i = 0; i < labels.length; i++) {
      assert.ok(labels[i].x + labels[i].w <= tracks[i].x + 0.5, `label ${i} ends before its track at ${width}`);
      assertInside([labels[i], tracks[i]], width, height, 'waterfall');
    }
    const traceHead = await boxes('[data-testid="trace-view"] .trace-head .btn, [data-testid="trace-view"] .trace-title');
    assertNoOverlap(traceHead, 'trace head');
    assertInside(traceHead, width, height, 'trace head');
    await assertNothingCutSilently(`waterfall at ${width}`);
    await page.screenshot({ path: resolve(ARTIFACTS, `viewer-ui-${width}-trace.png`) });
  });
}
