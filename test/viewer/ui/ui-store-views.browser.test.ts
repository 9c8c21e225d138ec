// The UI over the server's queries, in real Chromium: a session of three traces reads as one conversation with its
// totals; the list head shows how many traces match and their tokens, cost and errors, with a breakdown by model;
// search reaches a trace older than the newest 10,000 the live hello carries; evictions are counted in the header.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { ensureUiBuilt, hexId, launchChromium, otlpJson, UI_DIR, type JsonSpanInput } from '../../helpers/browser-harness.js';

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-results');
let server: ViewerServer;
let browser: Browser;
let page: Page;

before(async () => {
  ensureUiBuilt();
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await createViewerServer({ port: 0, forward: null, uiDir: UI_DIR });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => console.error('page error:', error));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const post = async (target: ViewerServer, spans: JsonSpanInput[], service = 'chat-app') => {
  const res = await fetch(target.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpJson(spans, service) });
  assert.equal(res.status, 200);
};

/** One turn of a chat app: a request span and its LLM call, in a session. */
function turn(i: number, session: string, ask: string, answer: string, history: Array<[string, string]>, t0: number, model = 'gpt-4o-mini'): JsonSpanInput[] {
  const traceId = hexId(16);
  const root = hexId(8);
  const messages = [...history.flatMap(([q, a]) => [{ role: 'user', parts: [{ type: 'text', content: q }] }, { role: 'assistant', parts: [{ type: 'text', content: a }] }]), { role: 'user', parts: [{ type: 'text', content: ask }] }];
  const assoc = { 'session.id': session, 'user.id': 'u_42' };
  return [
    { traceId, spanId: root, name: `POST /chat turn ${i}`, startMs: t0, endMs: t0 + 900, attributes: assoc },
    {
      traceId,
      spanId: hexId(8),
      parentSpanId: root,
      name: `chat ${model}`,
      startMs: t0 + 50,
      endMs: t0 + 850,
      attributes: {
        ...assoc,
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': model,
        'gen_ai.response.model': model,
        'gen_ai.usage.input_tokens': 100 + i,
        'gen_ai.usage.output_tokens': 10 + i,
        'gen_ai.input.messages': JSON.stringify(messages),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]),
      },
    },
  ];
}

test('a session of three traces appears as one conversation, with its totals', async () => {
  const t0 = Date.now() - 60_000;
  const turns: Array<[string, string]> = [
    ['Plan a weekend in Paris', 'Day 1: the Louvre; day 2: Montmartre.'],
    ['Add a restaurant for Saturday', 'Le Comptoir, 20:00.'],
    ['And a museum on Sunday?', "The Musée d'Orsay opens at 9:30."],
  ];
  const spans = turns.flatMap(([ask, answer], i) => turn(i, 's_paris', ask, answer, turns.slice(0, i), t0 + i * 10_000));
  await post(server, [...spans, ...turn(9, 's_other', 'Unrelated', 'Sure.', [], t0 + 40_000, 'gpt-4.1')]);

  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  await page.click('[data-testid="tab-sessions"]');
  await page.waitForSelector('[data-session-id="s_paris"]');
  assert.match((await page.textContent('[data-session-id="s_paris"]'))!, /3 traces[\s\S]*u_42/);
  await page.click('[data-session-id="s_paris"]');
  await page.waitForSelector('[data-testid="session-conversation"]');
  assert.equal(await page.evaluate(() => location.hash), '#/session/s_paris');
  const conversation = page.locator('[data-testid="session-conversation"]');
  assert.equal(await conversation.locator('.session-turn').count(), 3);
  // One conversation, oldest first: each turn's question and answer, once.
  const text = (await conversation.textContent())!;
  let at = -1;
  for (const [ask, answer] of turns) {
    const q = text.indexOf(ask, at + 1);
    const a = text.indexOf(answer, q);
    assert.ok(q > at && a > q, `"${ask}" then "${answer}" in order`);
    at = a;
    assert.equal(text.split(ask).length - 1, 1, `"${ask}" shown once`);
  }
  assert.match((await page.textContent('[data-testid="session-totals"]'))!, /user u_42[\s\S]*traces 3[\s\S]*LLM calls 3[\s\S]*tokens 303→33/);
  // Each turn links to its trace.
  await conversation.locator('.session-turn-head a').first().click();
  await page.waitForSelector('[data-testid="trace-view"]');
  assert.match(await page.evaluate(() => location.hash), /^#\/trace\/[0-9a-f]{32}$/);
  await page.goto(`${server.url}#/session/s_paris`);
  await page.waitForSelector('[data-testid="session-conversation"] .session-turn');
  await page.screenshot({ path: resolve(ARTIFACTS, 'viewer-ui-session.png') });
});

test('the list head totals the filtered traces; the breakdown splits them by model', async () => {
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="list-totals"]');
  await page.waitForFunction(() => /4 traces/.test(document.querySelector('[data-testid="trace-count"]')?.textContent ?? ''));
  assert.match((await page.textContent('[data-testid="list-totals"]'))!, /412→52 tokens[\s\S]*\$0\.000435[\s\S]*0 errors/);
  await page.selectOption('[data-testid="filter-model"]', 'gpt-4.1');
  await page.waitForFunction(() => /^1 of 4 traces/.test(document.querySelector('[data-testid="trace-count"]')?.textContent ?? ''));
  assert.match((await page.textContent('[data-testid="list-totals"]'))!, /109→19 tokens/);
  await page.selectOption('[data-testid="filter-model"]', '');
  await page.click('[data-testid="open-breakdown"]');
  await page.waitForSelector('[data-testid="breakdown-table"]');
  const row = (key: string) => page.textContent(`[data-testid="breakdown-table"] tr[data-key="${key}"]`);
  assert.match((await row('gpt-4o-mini'))!, /gpt-4o-mini\s*3\s*3\s*303→33/);
  assert.match((await row('gpt-4.1'))!, /gpt-4\.1\s*1\s*1\s*109→19/);
  await page.click('[data-testid="breakdown-session"]');
  await page.waitForSelector('[data-testid="breakdown-table"] tr[data-key="s_paris"]');
  await page.keyboard.press('Escape');
});

test('search reaches a trace older than the 10,000 the live hello carries; the head counts them all', async () => {
  const t0 = Date.now() - 3_600_000;
  const spans: JsonSpanInput[] = [{ traceId: hexId(16), spanId: hexId(8), name: 'the oldest needle', startMs: t0 - 1000, endMs: t0 - 990 }];
  for (let i = 0; i < 10_050; i++) spans.push({ traceId: hexId(16), spanId: hexId(8), name: `filler ${i}`, startMs: t0 + i, endMs: t0 + i + 1 });
  for (let i = 0; i < spans.length; i += 2500) await post(server, spans.slice(i, i + 2500), 'bulk');
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  await page.waitForFunction(() => /10,055 traces/.test(document.querySelector('[data-testid="trace-count"]')?.textContent ?? ''));
  assert.ok((await page.evaluate(() => document.querySelectorAll('[data-trace-id]').length)) < 200, 'the page renders a window, never every row');
  await page.fill('[data-testid="search"]', 'oldest needle');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="trace-list"] [data-trace-id]')].some((r) => r.textContent?.includes('the oldest needle')));
  assert.match((await page.textContent('[data-testid="trace-count"]'))!, /^1 of 10,055 traces/);
  await page.fill('[data-testid="search"]', '');
});

test('a trace whose root has not arrived is marked in flight until it does', async () => {
  await page.goto(server.url);
  await page.waitForSelector('[data-testid="connection"][data-state="open"]');
  const traceId = hexId(16);
  const root = hexId(8);
  const now = Date.now();
  await post(server, [{ traceId, spanId: hexId(8), parentSpanId: root, name: 'chat gpt-4o-mini', startMs: now + 100, endMs: now + 400 }], 'inflight');
  const row = `[data-testid="trace-list"] [data-trace-id="${traceId}"]`;
  await page.waitForSelector(`${row} [data-testid="in-flight"]`);
  assert.match((await page.textContent(`${row} .trace-name`))!, /chat gpt-4o-mini/);
  await post(server, [{ traceId, spanId: root, name: 'POST /api/answer', startMs: now, endMs: now + 500 }], 'inflight');
  await page.waitForSelector(`${row} [data-testid="in-flight"]`, { state: 'detached' });
  assert.match((await page.textContent(`${row} .trace-name`))!, /POST \/api\/answer/);
});

test('evicted traces are counted in the header', async () => {
  const small = await createViewerServer({ port: 0, forward: null, uiDir: UI_DIR, maxMemoryBytes: 2 * 1024 * 1024 });
  try {
    const big = 'x'.repeat(2000);
    for (let round = 0; round < 6; round++) {
      const spans: JsonSpanInput[] = [];
      for (let i = 0; i < 500; i++) spans.push({ traceId: hexId(16), spanId: hexId(8), name: `bulky ${round}/${i}`, startMs: Date.now() - 1000, endMs: Date.now(), attributes: { payload: big } });
      await post(small, spans, 'bulky');
    }
    const health = await (await fetch(new URL('/api/health', small.url))).json();
    assert.ok(health.evictedTraces > 0, 'the store evicted');
    const other = await browser.newPage();
    await other.goto(small.url);
    await other.waitForSelector('[data-testid="evicted"]');
    assert.match((await other.textContent('[data-testid="evicted"]'))!, new RegExp(`${health.evictedTraces.toLocaleString('en')} traces evicted`));
    assert.match((await other.getAttribute('[data-testid="store-stats"]', 'title'))!, /evicted, oldest first/);
    await other.close();
  } finally {
    await small.close();
  }
});
