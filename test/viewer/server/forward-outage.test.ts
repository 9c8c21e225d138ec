// Forwarding that outlasts an outage (issue 10.2), through the real viewer (createViewerServer) and real HTTP
// upstreams. The long outages run on a virtual clock (only the forwarder's waits use it; every request is real);
// one run uses the wall clock with realistic seconds.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createViewerServer, type ViewerLogger, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { ForwarderStatus, HealthResponse } from '../../../viewer/shared/api-types.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';
import { startUpstream, type Upstream } from '../../helpers/start-upstream.js';
import { createVirtualClock, type VirtualClock } from '../../helpers/virtual-clock.js';

const MINUTE = 60_000;

/** Posts one request of `count` spans named `${prefix}-${i}` to the viewer; returns the names in order. */
async function post(viewer: ViewerServer, prefix: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const res = await postJson(viewer.otlpUrl, otlpJson(names.map((name) => ({ name }))));
  assert.equal(res.status, 200, 'local ingest answers at once, whatever the upstream does');
  return names;
}

async function health(viewer: ViewerServer): Promise<HealthResponse> {
  return (await httpRequest(viewer.url + 'api/health')).json();
}

const target = (viewer: ViewerServer, i = 0): ForwarderStatus => viewer.forwarder!.status().targets[i]!;
const names = (upstream: Upstream) => upstream.accepted().map((s) => s.name);

/**
 * Closes the viewer while moving the virtual clock: the forwarder's close deadline sleeps on that clock, so a test
 * that failed with spans still queued would otherwise hang in `finally` and hide its assertion behind a timeout.
 */
async function closeViewer(viewer: ViewerServer, clock: VirtualClock): Promise<void> {
  let closed = false;
  const closing = viewer.close().finally(() => (closed = true));
  while (!closed) await clock.next(50, () => closed);
  await closing;
}

function startViewer(env: Record<string, string>, clock?: VirtualClock, extra: Record<string, unknown> = {}, logs: string[] = []) {
  const logger: ViewerLogger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  return createViewerServer({ port: 0, env, logger, forwarderOptions: { clock, maxBatchSpans: 10, ...extra } });
}

test('503 for 60 s, then 200: every span arrives, in order, none twice (default bounds, virtual clock)', async () => {
  const clock = createVirtualClock();
  const t0 = clock.now();
  const upstream = await startUpstream();
  const attempts: number[] = [];
  upstream.respond(() => {
    attempts.push(clock.now() - t0);
    return clock.now() - t0 < MINUTE ? { status: 503, body: 'upstream unavailable' } : { status: 200 };
  });
  const viewer = await startViewer({ TRACELIGHT_FORWARD: upstream.url }, clock);
  try {
    const expected = [...(await post(viewer, 'before', 25))];
    // Spans keep coming during the outage: a request every few virtual seconds.
    let wave = 0;
    let sawRetrying: HealthResponse | undefined;
    while (clock.now() - t0 < MINUTE) {
      assert.ok(await clock.next(), 'the forwarder keeps retrying');
      if (clock.now() - t0 > wave * 8_000 && wave < 6) expected.push(...(await post(viewer, `during-${wave++}`, 3)));
      if (!sawRetrying && target(viewer).state === 'retrying') sawRetrying = await health(viewer);
    }
    await clock.runUntil(() => viewer.forwarder!.status().queued === 0);

    assert.deepEqual(names(upstream), expected, 'every span, in the order it came, none twice');
    const status = target(viewer);
    assert.equal(status.sent, expected.length);
    assert.equal(status.dropped, 0);
    assert.deepEqual(status.droppedBy, { queueFull: 0, retryExpired: 0, rejected: 0, shutdown: 0 });
    assert.equal(status.lastError, null, 'recovered');
    assert.equal(status.state, 'idle');

    // While it lasted, /api/health said so: retrying, the upstream's error, when the next attempt is due.
    assert.ok(sawRetrying, 'the retrying state was visible');
    const seen = sawRetrying.forwarding.targets[0]!;
    assert.match(seen.lastError ?? '', /HTTP 503: upstream unavailable/);
    assert.ok(seen.queued > 0 && seen.retry && seen.retry.nextAttemptAt > seen.retry.since);
    assert.equal(sawRetrying.forwarding.lastError, seen.lastError, 'the combined summary carries it too');

    // Backoff: the head batch's attempts spread out (doubling from 1 s with jitter, capped at 30 s), not 5 quick tries.
    const failures = attempts.filter((t) => t < MINUTE);
    const gaps = failures.slice(1).map((t, i) => t - failures[i]!);
    assert.ok(failures.length >= 4 && failures.length <= 12, `${failures.length} attempts in the first minute: ${attempts.join(', ')}`);
    assert.ok(Math.max(...gaps) >= 8_000 && Math.max(...gaps) <= 45_000, `gaps ${gaps.join(', ')}`);
  } finally {
    await closeViewer(viewer, clock);
    await upstream.close();
  }
});

test('past the bounds: what waited longer than max elapsed, or overflowed the byte-bounded queue, is dropped and counted by reason', async () => {
  const clock = createVirtualClock();
  const t0 = clock.now();
  const upstream = await startUpstream();
  upstream.respond(() => (clock.now() - t0 < 7 * MINUTE ? { status: 503 } : { status: 200 }));
  // Room for three of the small requests below, besides the batch in flight.
  const logs: string[] = [];
  const viewer = await startViewer({ TRACELIGHT_FORWARD: upstream.url, TRACELIGHT_FORWARD_QUEUE_SIZE: '1500b' }, clock, {}, logs);
  try {
    const first = await post(viewer, 'first', 4); // goes in flight, retried for 5 minutes, then given up
    await clock.runUntil(() => target(viewer).state === 'retrying');
    const queued: string[][] = [];
    for (let i = 0; i < 5; i++) queued.push(await post(viewer, `later-${i}`, 4));
    const status = target(viewer);
    assert.ok(status.queuedBytes <= status.maxQueueBytes, `${status.queuedBytes} <= ${status.maxQueueBytes}`);
    const full = status.droppedBy.queueFull;
    assert.ok(full >= 4, 'the oldest queued requests made room for the newest');

    await clock.runUntil(() => target(viewer).droppedBy.retryExpired > 0);
    assert.ok(clock.now() - t0 >= 5 * MINUTE && clock.now() - t0 < 5 * MINUTE + 1_000, 'given up at the 5-minute bound');
    assert.equal(target(viewer).droppedBy.retryExpired, first.length);
    // The next batch goes out at once and its own 503 may already be the last error when the test looks (on a loaded
    // machine it was): the give-up text itself is checked on the terminal line below, which nothing overwrites.
    assert.match(target(viewer).lastError ?? '', /^HTTP 503( \(gave up after \d+ attempts in 300 s\))?$/);

    await clock.runUntil(() => target(viewer).queued === 0);
    const survivors = queued.flat().slice(full);
    assert.deepEqual(names(upstream), survivors, 'what was not dropped arrived, in order, once');
    const h = (await health(viewer)).forwarding;
    const final = h.targets[0]!;
    assert.deepEqual(final.droppedBy, { queueFull: full, retryExpired: first.length, rejected: 0, shutdown: 0 });
    assert.equal(final.dropped, full + first.length);
    assert.equal(final.failed, first.length, 'failed (for older clients) = retry time exhausted + rejected');
    assert.equal(h.dropped, final.dropped);
    assert.equal(final.sent, survivors.length);
    assert.equal(final.maxElapsedMs, 5 * MINUTE);
    assert.equal(final.maxQueueBytes, 1500);
    // The terminal says so too: once when it starts failing, each drop by reason, and the recovery (queue-full
    // drops are told at most every 10 s; the rest comes with the recovery line).
    const label = `forwarding to ${final.name} (${upstream.url})`;
    assert.equal(logs[0], `${label} is failing, retrying for up to 300 s per batch: HTTP 503`);
    assert.ok(logs.some((l) => /^.*: dropped 4 spans \(retry time exhausted: HTTP 503 \(gave up after \d+ attempts in 300 s\)\)$/.test(l)), logs.join('\n'));
    const told = logs.flatMap((l) => [...l.matchAll(/(\d+) (?:more )?spans dropped \(the queue was full\)|dropped (\d+) spans \(the queue was full\)/g)]);
    assert.equal(told.reduce((n, m) => n + Number(m[1] ?? m[2]), 0), full, logs.join('\n'));
    assert.match(logs.at(-1)!, new RegExp(`^${label.replace(/[.()/]/g, '\\$&')} works again \\(\\d+ spans sent so far`));
  } finally {
    await closeViewer(viewer, clock);
    await upstream.close();
  }
});

test('Retry-After is honoured, as seconds (429) and as an HTTP date (503)', async () => {
  const clock = createVirtualClock();
  const upstream = await startUpstream();
  const at: number[] = [];
  upstream.respond((n) => {
    at.push(clock.now());
    if (n === 0) return { status: 429, headers: { 'retry-after': '7' } };
    if (n === 1) return { status: 503, headers: { 'retry-after': new Date(clock.now() + 20_000).toUTCString() } };
    return { status: 200 };
  });
  const viewer = await startViewer({ TRACELIGHT_FORWARD: upstream.url }, clock);
  try {
    const sent = await post(viewer, 'r', 2);
    await clock.runUntil(() => target(viewer).sent === 2);
    assert.deepEqual(names(upstream), sent);
    assert.ok(at[1]! - at[0]! >= 7_000, `waited ${at[1]! - at[0]!} ms after Retry-After: 7`);
    // The date has whole seconds, so up to one second of it may already have passed.
    assert.ok(at[2]! - at[1]! >= 19_000, `waited ${at[2]! - at[1]!} ms after a Retry-After date 20 s ahead`);
  } finally {
    await closeViewer(viewer, clock);
    await upstream.close();
  }
});

test('a Retry-After beyond the batch deadline gives the batch up at once instead of hammering the upstream', async () => {
  const clock = createVirtualClock();
  const upstream = await startUpstream();
  upstream.respond(() => ({ status: 503, headers: { 'retry-after': '600' } }));
  const viewer = await startViewer({ TRACELIGHT_FORWARD: upstream.url, TRACELIGHT_FORWARD_MAX_ELAPSED: '2m' }, clock);
  try {
    await post(viewer, 'x', 3);
    await clock.runUntil(() => target(viewer).droppedBy.retryExpired === 3);
    assert.equal(upstream.requests.length, 1);
  } finally {
    await closeViewer(viewer, clock);
    await upstream.close();
  }
});

test('connection refused while the collector is down; it comes back on its port and gets everything in order', async () => {
  const clock = createVirtualClock();
  let upstream = await startUpstream();
  const url = upstream.url;
  const port = Number(new URL(url).port);
  await upstream.close();
  const viewer = await startViewer({ TRACELIGHT_FORWARD: url }, clock);
  try {
    const expected = await post(viewer, 'a', 5);
    for (let i = 0; i < 6; i++) assert.ok(await clock.next());
    expected.push(...(await post(viewer, 'b', 5)));
    const down = target(viewer);
    assert.equal(down.state === 'retrying' || down.state === 'sending', true);
    assert.match(down.lastError ?? '', /fetch failed: ECONNREFUSED/);
    assert.equal(down.queued, 10);

    upstream = await startUpstream({ port });
    await clock.runUntil(() => target(viewer).queued === 0);
    assert.deepEqual(names(upstream), expected);
    assert.equal(target(viewer).dropped, 0);
  } finally {
    await closeViewer(viewer, clock);
    await upstream.close();
  }
});

test('timeouts are retried: an upstream that hangs twice, then answers, gets the batch', async () => {
  const clock = createVirtualClock();
  let hits = 0;
  const received: string[] = [];
  const server = createServer((req, res) => {
    hits++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (hits <= 2) return; // never answers
      received.push(String(Buffer.concat(chunks).length));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
  const viewer = await startViewer({ TRACELIGHT_FORWARD: url }, clock, { timeoutMs: 150 });
  try {
    await post(viewer, 't', 2);
    await clock.runUntil(() => hits >= 2 && target(viewer).state === 'retrying');
    assert.match(target(viewer).lastError ?? '', /timed out after 150 ms/);
    await clock.runUntil(() => target(viewer).sent === 2);
    assert.equal(hits, 3);
    assert.equal(received.length, 1);
  } finally {
    await closeViewer(viewer, clock);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

test('a 400 is not retried: its spans are counted as rejected and the next batch still goes', async () => {
  const clock = createVirtualClock();
  const upstream = await startUpstream();
  upstream.respond((n) => (n === 0 ? { status: 400, body: 'invalid span' } : { status: 200 }));
  const viewer = await startViewer({ TRACELIGHT_FORWARD: upstream.url }, clock);
  try {
    await post(viewer, 'bad', 3);
    await clock.runUntil(() => target(viewer).droppedBy.rejected === 3);
    const good = await post(viewer, 'good', 2);
    await clock.runUntil(() => target(viewer).sent === 2);
    assert.equal(upstream.requests.length, 2, 'one attempt each');
    assert.deepEqual(names(upstream), good);
    assert.equal(target(viewer).failed, 3);
  } finally {
    await closeViewer(viewer, clock);
    await upstream.close();
  }
});

test('real time, realistic seconds: a collector down for ~5 s (503s) gets every span once it is back, in order', async () => {
  const upstream = await startUpstream();
  const start = Date.now();
  upstream.respond(() => (Date.now() - start < 5_000 ? { status: 503 } : { status: 200 }));
  // Default backoff (1 s, doubling, jitter), default bounds, default batch delay.
  const viewer = await createViewerServer({ port: 0, env: { TRACELIGHT_FORWARD: upstream.url } });
  try {
    const expected: string[] = [];
    for (let i = 0; i < 5; i++) {
      expected.push(...(await post(viewer, `w${i}`, 4)));
      await new Promise((r) => setTimeout(r, 700));
    }
    await upstream.waitFor(() => target(viewer).queued === 0 && target(viewer).sent === expected.length, 40_000);
    assert.deepEqual(names(upstream), expected);
    assert.ok(upstream.requests.filter((r) => r.status === 503).length >= 2);
    assert.equal(target(viewer).dropped, 0);
  } finally {
    await viewer.close();
    await upstream.close();
  }
});
