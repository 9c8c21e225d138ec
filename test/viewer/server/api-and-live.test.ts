import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { LiveMessage } from '../../../viewer/shared/live-messages.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';

type LiveClient = { ws: WebSocket; messages: LiveMessage[]; next(type: string): Promise<LiveMessage> };

function connect(url: string, query = ''): Promise<LiveClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + 'api/live' + query);
    const messages: LiveMessage[] = [];
    const waiters: Array<{ type: string; resolve: (m: LiveMessage) => void }> = [];
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as LiveMessage;
      messages.push(m);
      for (const w of waiters.splice(0)) {
        if (w.type === m.type) w.resolve(m);
        else waiters.push(w);
      }
    });
    ws.on('open', () =>
      resolve({
        ws,
        messages,
        next: (type) =>
          new Promise((res) => {
            const seen = messages.findIndex((m) => m.type === type);
            if (seen >= 0) res(messages.splice(seen, 1)[0]);
            else waiters.push({ type, resolve: (m) => (messages.splice(messages.indexOf(m), 1), res(m)) });
          }),
      }),
    );
    ws.on('error', reject);
  });
}

test('JSON API: list newest first with filters, one trace, export, import, clear', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  try {
    const t1 = hexId(16);
    const t2 = hexId(16);
    const t3 = hexId(16);
    await postJson(viewer.otlpUrl, otlpJson([{ traceId: t1, name: 'alpha root', attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 3 } }], 'svc-a'));
    await postJson(viewer.otlpUrl, otlpJson([{ traceId: t2, name: 'beta root', status: { code: 2, message: 'x' } }], 'svc-b'));
    await postJson(viewer.otlpUrl, otlpJson([{ traceId: t3, name: 'gamma root', attributes: { 'gen_ai.request.model': 'claude-3-5-haiku-20241022' } }], 'svc-b'));

    const all = (await httpRequest(viewer.url + 'api/traces')).json().traces;
    assert.deepEqual(all.map((t: { traceId: string }) => t.traceId), [t3, t2, t1]);
    const ids = async (query: string) =>
      (await httpRequest(viewer.url + 'api/traces?' + query)).json().traces.map((t: { traceId: string }) => t.traceId);
    assert.deepEqual(await ids('service=svc-b'), [t3, t2]);
    assert.deepEqual(await ids('errors=1'), [t2]);
    assert.deepEqual(await ids('model=gpt-4o'), [t1]);
    assert.deepEqual(await ids('q=GAMMA'), [t3]);
    assert.deepEqual(await ids('q=claude'), [t3]);
    assert.deepEqual(await ids('limit=1'), [t3]);

    const missing = await httpRequest(viewer.url + `api/traces/${hexId(16)}`);
    assert.equal(missing.status, 404);
    assert.equal((await httpRequest(viewer.url + 'api/traces/not-an-id')).status, 404);

    const exported = await httpRequest(viewer.url + `api/traces/${t1}/otlp`);
    assert.equal(exported.status, 200);
    assert.match(String(exported.headers['content-disposition']), /attachment/);
    const otlp = exported.json();
    assert.equal(otlp.resourceSpans[0].scopeSpans[0].spans[0].traceId, t1);

    const cleared = await httpRequest(viewer.url + 'api/traces', { method: 'DELETE' });
    assert.equal(cleared.status, 200);
    assert.equal((await httpRequest(viewer.url + 'api/health')).json().traces, 0);

    // the exported file imports back to the same trace, genAi included
    const imported = await httpRequest(viewer.url + 'api/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: exported.body,
    });
    assert.equal(imported.status, 200);
    assert.equal(imported.json().imported, 1);
    assert.deepEqual(imported.json().traceIds, [t1]);
    const back = (await httpRequest(viewer.url + `api/traces/${t1}`)).json();
    assert.equal(back.spans[0].name, 'alpha root');
    assert.equal(back.spans[0].genAi.requestModel, 'gpt-4o');
    assert.equal(back.spans[0].resource.attributes['service.name'], 'svc-a');

    const badImport = await httpRequest(viewer.url + 'api/import', { method: 'POST', body: 'nope' });
    assert.equal(badImport.status, 400);
  } finally {
    await viewer.close();
  }
});

test('live socket: hello, batched spans with trace summaries, evicted, cleared; a reconnect resyncs', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, maxMemoryBytes: 200_000 });
  try {
    const early = hexId(16);
    await postJson(viewer.otlpUrl, otlpJson([{ traceId: early, name: 'before connect' }]));
    const client = await connect(viewer.url);
    const hello = await client.next('hello');
    assert.equal(hello.type === 'hello' && hello.traces[0].traceId, early);
    assert.equal(hello.type === 'hello' && hello.forwarding.target, null);

    // three posts in quick succession arrive coalesced in one or more batches with every span
    const traceId = hexId(16);
    await Promise.all([0, 1, 2].map((i) => postJson(viewer.otlpUrl, otlpJson([{ traceId, name: `s${i}` }]))));
    const seen = new Set<string>();
    while (seen.size < 3) {
      const m = await client.next('spans');
      assert.ok(m.type === 'spans');
      for (const s of m.spans) seen.add(s.name);
      const summary = m.traces.find((t) => t.traceId === traceId);
      assert.ok(summary);
    }
    assert.deepEqual([...seen].sort(), ['s0', 's1', 's2']);

    // enough data to exceed the 200 KB budget evicts the oldest traces
    for (let i = 0; i < 5; i++) await postJson(viewer.otlpUrl, otlpJson([{ attributes: { blob: 'x'.repeat(60_000) } }]));
    const evicted = await client.next('evicted');
    assert.ok(evicted.type === 'evicted' && evicted.traceIds.includes(early));
    const health = (await httpRequest(viewer.url + 'api/health')).json();
    assert.ok(health.droppedSpans >= 1);

    await httpRequest(viewer.url + 'api/traces', { method: 'DELETE' });
    assert.equal((await client.next('cleared')).type, 'cleared');
    client.ws.close();

    await postJson(viewer.otlpUrl, otlpJson([{ traceId: hexId(16), name: 'while away' }]));
    const again = await connect(viewer.url);
    const hello2 = await again.next('hello');
    assert.ok(hello2.type === 'hello');
    assert.deepEqual(hello2.traces.map((t) => t.name), ['while away']);
    again.ws.close();
  } finally {
    await viewer.close();
  }
});

/** Reads `spans` messages until one carries the summary of `traceId`; returns span names and summarized trace ids. */
async function readUntilSummary(client: LiveClient, traceId: string) {
  const names: string[] = [];
  const traces = new Set<string>();
  while (!traces.has(traceId)) {
    const m = await client.next('spans');
    assert.ok(m.type === 'spans');
    for (const s of m.spans) names.push(s.name);
    for (const t of m.traces) traces.add(t.traceId);
  }
  return { names: names.sort(), traces };
}

test('live subscriptions: every summary to everyone, span bodies only of the subscribed trace; no subscription, all', { timeout: 20_000 }, async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  const clients: LiveClient[] = [];
  try {
    const watched = hexId(16);
    const other = hexId(16);
    const all = await connect(viewer.url); // a script that never subscribes
    const page = await connect(viewer.url);
    const atConnect = await connect(viewer.url, `?trace=${watched}`);
    const none = await connect(viewer.url, '?trace=');
    clients.push(all, page, atConnect, none);
    for (const c of clients) assert.equal((await c.next('hello')).type, 'hello');
    page.ws.send(JSON.stringify({ type: 'subscribe', traceId: watched }));
    assert.deepEqual(await page.next('subscribed'), { type: 'subscribed', traceId: watched });
    page.ws.send('not json');
    page.ws.send(JSON.stringify({ type: 'subscribe', traceId: 42 }));

    await postJson(viewer.otlpUrl, otlpJson([{ traceId: watched, name: 'w1' }, { traceId: other, name: 'o1' }, { traceId: other, name: 'o2' }]));
    // A later trace marks the end: messages on one socket arrive in order.
    const sentinel = hexId(16);
    const seen = async (c: LiveClient) => {
      const first = await readUntilSummary(c, other);
      const more = first.traces.has(watched) ? { names: [], traces: new Set<string>() } : await readUntilSummary(c, watched);
      await postJson(viewer.otlpUrl, otlpJson([{ traceId: sentinel, name: 'end' }]));
      const rest = await readUntilSummary(c, sentinel);
      return [...first.names, ...more.names, ...rest.names].filter((n) => n !== 'end').sort();
    };
    assert.deepEqual(await seen(all), ['o1', 'o2', 'w1']);
    assert.deepEqual(await seen(page), ['w1']);
    assert.deepEqual(await seen(atConnect), ['w1']);
    assert.deepEqual(await seen(none), []);

    // Unsubscribing: summaries keep coming, bodies stop.
    page.ws.send(JSON.stringify({ type: 'subscribe', traceId: null }));
    assert.deepEqual(await page.next('subscribed'), { type: 'subscribed', traceId: null });
    await postJson(viewer.otlpUrl, otlpJson([{ traceId: watched, name: 'w2' }]));
    const after = await readUntilSummary(page, watched);
    assert.deepEqual(after.names, []);
  } finally {
    for (const c of clients) c.ws.close();
    await viewer.close();
  }
});

test('live messages are capped: a big batch arrives as several messages of at most N spans / summaries', { timeout: 20_000 }, async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, liveFrameLimits: { maxItems: 50, maxChars: 40_000 } });
  const clients: LiveClient[] = [];
  try {
    const watched = hexId(16);
    const all = await connect(viewer.url);
    const page = await connect(viewer.url, `?trace=${watched}`);
    clients.push(all, page);
    for (const c of clients) await c.next('hello');
    const others = Array.from({ length: 79 }, () => hexId(16));
    const spans = [
      ...Array.from({ length: 120 }, (_, i) => ({ traceId: watched, name: `w${i}` })),
      ...others.flatMap((traceId, i) => [{ traceId, name: `o${i}a` }, { traceId, name: `o${i}b` }]),
      { traceId: watched, name: 'big', attributes: { prompt: 'x'.repeat(60_000) } },
    ];
    const rawAll: WebSocket.RawData[] = [];
    const rawPage: WebSocket.RawData[] = [];
    all.ws.on('message', (d) => rawAll.push(d));
    page.ws.on('message', (d) => rawPage.push(d));
    await postJson(viewer.otlpUrl, otlpJson(spans)); // one request, one store batch, one flush
    const sentinel = hexId(16);
    const drain = async (c: LiveClient) => {
      await readUntilSummary(c, others.at(-1)!);
      await postJson(viewer.otlpUrl, otlpJson([{ traceId: sentinel, name: 'end' }]));
      await readUntilSummary(c, sentinel);
    };
    const check = (raw: WebSocket.RawData[]) => {
      const messages: LiveMessage[] = [];
      for (const [i, data] of raw.entries()) {
        const m = JSON.parse(String(data)) as LiveMessage;
        if (m.type !== 'spans') continue;
        messages.push(m);
        assert.ok(m.spans.length <= 50 && m.traces.length <= 50, `message ${i}: ${m.spans.length} spans, ${m.traces.length} summaries`);
        assert.ok(String(data).length <= 40_000 + 200 || m.spans.length === 1, 'within the byte cap unless one span is bigger');
        for (const s of m.spans) assert.ok(m.traces.some((t) => t.traceId === s.traceId), 'each message has its spans\' summaries');
      }
      return messages;
    };
    await drain(all);
    await drain(page);
    const toAll = check(rawAll);
    assert.ok(toAll.length >= 6, `${toAll.length} messages`);
    assert.equal(toAll.flatMap((m) => (m.type === 'spans' ? m.spans : [])).filter((s) => s.name !== 'end').length, spans.length);
    const toPage = check(rawPage);
    const pageSpans = toPage.flatMap((m) => (m.type === 'spans' ? m.spans : []));
    assert.equal(pageSpans.filter((s) => s.traceId === watched).length, 121);
    assert.equal(pageSpans.length, 121);
    const summarized = new Set(toPage.flatMap((m) => (m.type === 'spans' ? m.traces.map((t) => t.traceId) : [])));
    for (const id of [watched, ...others, sentinel]) assert.ok(summarized.has(id));
  } finally {
    for (const c of clients) c.ws.close();
    await viewer.close();
  }
});

test('static UI: serves dist files when present, a how-to-build page otherwise, index.html for routes', async () => {
  const { mkdtempSync, writeFileSync, mkdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'tl-ui-'));
  const empty = await createViewerServer({ port: 0, forward: null, uiDir: dir });
  try {
    const res = await httpRequest(empty.url);
    assert.equal(res.status, 200);
    assert.match(res.text(), /npm run build/);
  } finally {
    await empty.close();
  }
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>ui</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  const viewer = await createViewerServer({ port: 0, forward: null, uiDir: dir });
  try {
    assert.match((await httpRequest(viewer.url)).text(), /<title>ui<\/title>/);
    const js = await httpRequest(viewer.url + 'assets/app.js');
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.match((await httpRequest(viewer.url + 'trace/abc')).text(), /<title>ui<\/title>/);
    assert.equal((await httpRequest(viewer.url + 'assets/missing.js')).status, 404);
    assert.equal((await httpRequest(viewer.url + '..%2f..%2fetc%2fpasswd')).status !== 500, true);
    const traversal = await httpRequest(viewer.url + 'assets/..%2f..%2f..%2fetc%2fhostname');
    assert.doesNotMatch(traversal.text(), /^[a-z0-9-]+\n?$/);
  } finally {
    await viewer.close();
  }
});
