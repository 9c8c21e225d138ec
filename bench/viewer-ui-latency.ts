// Viewer UI latency in headless Chromium against the real in-process server: the time from POSTing one OTLP span to
// its trace row being in the page's DOM (p50/p95 over many posts), with an empty store and with 100,000 spans in it,
// plus the time to open a 10,000-span trace. Prints figures, asserts nothing.
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { createViewerServer, type ViewerServer } from '../viewer/server/create-viewer-server.js';
import { ensureUiBuilt, hexId, launchChromium, otlpJson, UI_DIR, type JsonSpanInput } from '../test/helpers/browser-harness.js';

const POSTS = Number(process.env.TRACELIGHT_BENCH_UI_POSTS ?? 200);

/** Wall-clock ms with sub-ms resolution, comparable across processes on one machine. */
const nowNode = () => performance.timeOrigin + performance.now();

async function post(server: ViewerServer, body: string): Promise<void> {
  const res = await fetch(server.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (res.status !== 200) throw new Error(`POST /v1/traces answered ${res.status}`);
  await res.arrayBuffer();
}

/** Records, in the page, when each trace row is first added to the DOM. */
async function installObserver(page: Page): Promise<void> {
  // Passed as source text: tsx's transform would add helpers (`__name`) that do not exist in the page.
  await page.evaluate(`(() => {
    window.__seen = {};
    const note = (el) => {
      const id = el.getAttribute('data-trace-id');
      if (id && !(id in window.__seen)) window.__seen[id] = performance.timeOrigin + performance.now();
    };
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (!(n instanceof Element)) continue;
          note(n);
          n.querySelectorAll('[data-trace-id]').forEach(note);
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
}

/** Page clock minus Node clock, from the midpoint of a round trip (best of a few). */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 20; i++) {
    const t1 = nowNode();
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
    const t2 = nowNode();
    if (t2 - t1 < best.rtt) best = { rtt: t2 - t1, offset: pageTime - (t1 + t2) / 2 };
  }
  return best.offset;
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return {
    n: sorted.length,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: sorted[sorted.length - 1],
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  };
}

async function measurePostToDom(page: Page, server: ViewerServer, posts: number) {
  await installObserver(page);
  const offset = await clockOffset(page);
  const toDom: number[] = [];
  const toAck: number[] = [];
  for (let i = 0; i < posts; i++) {
    const traceId = hexId(16);
    const now = Date.now();
    const span: JsonSpanInput = { traceId, spanId: hexId(8), name: `latency probe ${i}`, startMs: now, endMs: now + 3 };
    const body = otlpJson([span], 'latency-bench');
    const t0 = nowNode();
    await post(server, body);
    toAck.push(nowNode() - t0);
    const seenAt = (await (
      await page.waitForFunction((id) => (window as unknown as { __seen: Record<string, number> }).__seen[id], traceId, { polling: 'raf' })
    ).jsonValue()) as number;
    toDom.push(seenAt - offset - t0);
  }
  return { toDom: stats(toDom), toAck: stats(toAck), offset };
}

/**
 * The first POST after a page opens: a fresh page each time (load, live socket open, observer), then one span; the
 * time until its row is in the DOM. This is what a user sees when they open the viewer and run their app.
 */
async function measureFirstPost(browser: Awaited<ReturnType<typeof launchChromium>>, server: ViewerServer, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="connection"][data-state="open"]');
    await installObserver(page);
    const offset = await clockOffset(page);
    const traceId = hexId(16);
    const now = Date.now();
    const body = otlpJson([{ traceId, spanId: hexId(8), name: `first probe ${run}`, startMs: now, endMs: now + 3 }], 'latency-bench');
    const t0 = nowNode();
    await post(server, body);
    const seenAt = (await (
      await page.waitForFunction((id) => (window as unknown as { __seen: Record<string, number> }).__seen[id], traceId, { polling: 'raf' })
    ).jsonValue()) as number;
    times.push(seenAt - offset - t0);
    await page.close();
  }
  return times;
}

/** Fills the store with `spans` spans (10 per trace) in OTLP JSON posts of 5,000. */
async function preload(server: ViewerServer, spans: number): Promise<void> {
  const t0 = Date.now() - 3_600_000;
  for (let done = 0; done < spans; ) {
    const batch: JsonSpanInput[] = [];
    for (let i = 0; i < 5000 && done < spans; i++, done++) {
      const traceNo = Math.floor(done / 10);
      // Zero-padded behind a fixed prefix: unique and never all zeros (an invalid id).
      const traceId = `f${traceNo.toString(16).padStart(31, '0')}`;
      const root = (traceNo * 10 + 1).toString(16).padStart(16, '0');
      const spanId = (done + 1).toString(16).padStart(16, '0');
      batch.push({
        traceId,
        spanId,
        parentSpanId: done % 10 ? root : undefined,
        name: done % 10 ? 'db.query' : 'GET /api/items',
        startMs: t0 + traceNo,
        endMs: t0 + traceNo + 2,
        attributes: { 'http.route': '/api/items' },
      });
    }
    await post(server, otlpJson(batch, 'preload'));
  }
}

async function openBigTrace(page: Page, server: ViewerServer): Promise<number[]> {
  const traceId = hexId(16);
  const t0 = Date.now();
  const ids = Array.from({ length: 10_000 }, () => hexId(8));
  await post(
    server,
    otlpJson(
      ids.map((spanId, i) => ({
        traceId,
        spanId,
        parentSpanId: i ? ids[Math.floor((i - 1) / 8)] : undefined,
        name: i ? `step ${i}` : 'huge batch job',
        startMs: t0 + i,
        endMs: t0 + i + 20,
      })),
      'big',
    ),
  );
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    await page.evaluate(() => (location.hash = '#/'));
    await page.waitForSelector('[data-testid="trace-view"]', { state: 'detached' });
    const start = await page.evaluate(() => performance.now());
    await page.evaluate((id) => (location.hash = `#/trace/${id}`), traceId);
    // Done when the waterfall shows all 10,000 spans and the browser has painted a frame.
    const end = (await page.evaluate(`(async () => {
      while (document.querySelector('[data-testid="span-count"]')?.textContent !== '10,000') await new Promise((r) => setTimeout(r, 1));
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return performance.now();
    })()`)) as number;
    times.push(end - start);
  }
  return times;
}

/**
 * Ingests `spans` spans while the page is open and watching (live batches of up to thousands of spans), and reports
 * the page's long tasks (main-thread work over 50 ms) and how long until the list showed every trace.
 */
async function liveFlood(page: Page, server: ViewerServer, spans: number) {
  await page.evaluate(`(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
  })()`);
  const countNow = async () => Number(((await page.textContent('[data-testid="trace-count"]')) ?? '').replace(/\D/g, ''));
  const t0 = nowNode();
  await preload(server, spans);
  const ingested = nowNode() - t0;
  // The server's own count after the flood (the page's head may still show an older figure when the flood starts).
  const traces = ((await (await fetch(new URL('/api/health', server.url))).json()) as { traces: number }).traces;
  await page.waitForFunction(
    (n) => (document.querySelector('[data-testid="trace-count"]')?.textContent ?? '').replace(/\D/g, '') === String(n),
    traces,
    { timeout: 120_000 },
  ).catch(async (e) => {
    console.error('flood debug: count', await countNow(), 'expected', traces, 'state', await page.getAttribute('[data-testid="connection"]', 'data-state'));
    throw e;
  });
  const shown = nowNode() - t0;
  const long = (await page.evaluate('window.__long')) as number[];
  return { ingested, shown, longTasks: long.length, longestTask: long.length ? Math.max(...long) : 0, longTotal: long.reduce((a, b) => a + b, 0) };
}

const fmt = (ms: number) => ms.toFixed(1).padStart(8);

/**
 * Runs the UI latency benchmark and prints a table.
 *
 * @example
 * await (await import('./viewer-ui-latency.ts')).run();
 */
export async function run(): Promise<void> {
  ensureUiBuilt();
  const browser = await launchChromium();
  const rows: Array<[string, ReturnType<typeof stats>]> = [];
  let bigOpen: number[] = [];
  let flood: Awaited<ReturnType<typeof liveFlood>> | null = null;
  try {
    for (const preloadSpans of [0, 100_000]) {
      const server = await createViewerServer({ port: 0, forward: null, uiDir: UI_DIR, maxMemoryBytes: 1024 * 1024 * 1024 });
      try {
        if (preloadSpans) await preload(server, preloadSpans);
        const first = await measureFirstPost(browser, server, 7);
        rows.push([`first POST after the page opens -> row in DOM (${preloadSpans ? `${preloadSpans.toLocaleString('en')} spans in store` : 'empty store'})`, stats(first)]);
        const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
        await page.goto(server.url);
        await page.waitForSelector('[data-testid="connection"][data-state="open"]');
        // Warm-up: the first probes pay for JIT and first layout.
        await measurePostToDom(page, server, 5);
        const result = await measurePostToDom(page, server, POSTS);
        const label = preloadSpans ? `${preloadSpans.toLocaleString('en')} spans in store` : 'empty store';
        rows.push([`POST -> row in DOM (${label})`, result.toDom]);
        rows.push([`POST -> 200 answer (${label})`, result.toAck]);
        if (preloadSpans) bigOpen = await openBigTrace(page, server);
        else flood = await liveFlood(page, server, 100_000);
        await page.close();
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }

  console.log(`Chromium headless, ${POSTS} sequential posts of one span each (OTLP JSON); ms`);
  console.log(`${'measure'.padEnd(64)}${'n'.padStart(6)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'max'.padStart(8)}${'mean'.padStart(8)}`);
  for (const [name, s] of rows) {
    console.log(`${name.padEnd(64)}${String(s.n).padStart(6)}${fmt(s.p50)}${fmt(s.p95)}${fmt(s.p99)}${fmt(s.max)}${fmt(s.mean)}`);
  }
  if (bigOpen.length) {
    const s = stats(bigOpen);
    console.log(`${'open a 10,000-span trace (fetch + tree + paint)'.padEnd(48)}${String(s.n).padStart(6)}${fmt(s.p50)}${fmt(s.p95)}${fmt(s.p99)}${fmt(s.max)}${fmt(s.mean)}`);
  }
  if (flood) {
    console.log(
      `live flood, page open: 100,000 spans posted in ${flood.ingested.toFixed(0)} ms, all 10,000 traces listed after ` +
        `${flood.shown.toFixed(0)} ms; page long tasks: ${flood.longTasks} (longest ${flood.longestTask.toFixed(0)} ms, ` +
        `total ${flood.longTotal.toFixed(0)} ms)`,
    );
  }
  console.log('(the server coalesces live batches for up to 50 ms, which is part of every POST -> DOM figure)');
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
