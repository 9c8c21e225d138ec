// The span panel for what real packages sent (the span fixtures, posted to the real viewer): cached and reasoning
// tokens, the notes that say what the viewer added, and the input and output of tool, agent and workflow spans.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { readSpanFixture, spanFixtureText } from '../../helpers/span-fixtures.js';
import { ensureUiBuilt, launchChromium, UI_DIR } from '../../helpers/browser-harness.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-results');
let server: ViewerServer;
let browser: Browser;
let page: Page;

before(async () => {
  ensureUiBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await createViewerServer({ port: 0, forward: null, uiDir: UI_DIR });
  for (const name of ['traceloop-sdk/anthropic-cached', 'openinference-openai/chat-reasoning', 'tracelight-lib/entity-tree']) {
    const res = await fetch(server.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: spanFixtureText(name) });
    assert.equal(res.status, 200);
  }
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  page.on('pageerror', (error) => console.error('page error:', error));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the span named `spanName` of a fixture through the page's deep link. */
async function openSpan(fixture: string, spanName: string) {
  const span = readSpanFixture(fixture).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).find((s) => s.name === spanName)!;
  await page.goto(`${server.url}#/trace/${span.traceId}/span/${span.spanId}`);
  const panel = page.locator('[data-testid="span-panel"]');
  await panel.waitFor();
  await page.waitForFunction((name) => document.querySelector('[data-testid="span-panel"] .panel-title')?.textContent === name, spanName);
  return panel;
}

test('an Anthropic call through Traceloop: input counts the cache, cache read and write shown, and the correction said', async () => {
  const panel = await openSpan('traceloop-sdk/anthropic-cached', 'chat claude-haiku-4-5');
  assert.equal(await panel.locator('[data-testid="fact-input-tokens"]').textContent(), (2581).toLocaleString('en-US'));
  assert.equal(await panel.locator('[data-testid="fact-cache-read"]').textContent(), (2048).toLocaleString('en-US'));
  assert.equal(await panel.locator('[data-testid="fact-cache-write"]').textContent(), '512');
  assert.match((await panel.locator('[data-testid="genai-notes"]').textContent())!, /left out 2560 prompt-cache tokens/);
  await page.screenshot({ path: resolve(ARTIFACTS, 'genai-panel-cache.png') });
});

test('an OpenInference reasoning call: reasoning tokens shown beside output tokens', async () => {
  const panel = await openSpan('openinference-openai/chat-reasoning', 'OpenAI Chat Completions');
  assert.equal(await panel.locator('[data-testid="fact-output-tokens"]').textContent(), '212');
  assert.equal(await panel.locator('[data-testid="fact-reasoning"]').textContent(), '192');
  assert.equal(await panel.locator('[data-testid="fact-cache-read"]').textContent(), (1152).toLocaleString('en-US'));
  assert.equal(await panel.locator('[data-testid="genai-notes"]').count(), 0);
});

test('tool, agent and workflow spans show their input and output instead of "No content was captured"', async () => {
  const tool = await openSpan('tracelight-lib/entity-tree', 'execute_tool get_weather');
  assert.match((await tool.locator('[data-testid="entity-input"]').textContent())!, /"location": "Paris"/);
  assert.match((await tool.locator('[data-testid="entity-output"]').textContent())!, /"temperature": 18/);
  assert.equal(await tool.locator('[data-testid="chat"]').count(), 0);
  assert.ok(!(await tool.textContent())!.includes('No content was captured'));
  assert.equal(await tool.locator('[data-testid="fact-input-tokens"]').count(), 0, 'no model facts on a tool span');
  await page.screenshot({ path: resolve(ARTIFACTS, 'genai-panel-tool.png') });
  const agent = await openSpan('tracelight-lib/entity-tree', 'invoke_agent travel_agent');
  assert.equal(await agent.locator('[data-testid="entity-input"]').textContent(), "What's the weather in Paris?");
  const workflow = await openSpan('tracelight-lib/entity-tree', 'plan_trip.workflow');
  assert.equal(await workflow.locator('[data-testid="entity-content"]').getAttribute('data-kind'), 'workflow');
  assert.match((await workflow.locator('[data-testid="entity-input"]').textContent())!, /"city": "Paris"/);
});
