// The live socket under a flood: a client that cannot keep up gets summaries and a count of what it missed, the
// viewer's CPU for span bodies stays within its share, and the viewer serves on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { LiveMessage } from '../../../viewer/shared/live-messages.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';

function open(url: string): Promise<{ ws: WebSocket; messages: LiveMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + 'api/live');
    const messages: LiveMessage[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as LiveMessage));
    ws.on('open', () => resolve({ ws, messages }));
    ws.on('error', reject);
  });
}

const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** Spans of GenAI size (~4 KB of content each). */
const batch = (traces: number) =>
  otlpJson(
    Array.from({ length: traces * 4 }, (_, i) => ({
      traceId: `${(Math.floor(i / 4) + 1).toString(16).padStart(8, '0')}${hexId(12)}`,
      name: 'chat gpt-4o',
      attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': 'm'.repeat(4000) },
    })),
  );

test('a firehose client that stops reading is sent summaries and told how many spans it missed; others are unaffected', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, liveBatchMs: 5 });
  try {
    const slow = await open(viewer.url);
    const fast = await open(viewer.url);
    await until(() => slow.messages.length > 0 && fast.messages.length > 0);
    // The slow client's socket stops reading: the server's send buffer for it fills up.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    let posted = 0;
    for (let i = 0; i < 60; i++) {
      const body = batch(25);
      posted += body.resourceSpans[0].scopeSpans[0].spans.length;
      assert.equal((await postJson(viewer.otlpUrl, body)).status, 200);
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal((await httpRequest(viewer.url + 'api/health')).status, 200, 'the viewer serves on');
    await until(() => fast.messages.filter((m) => m.type === 'spans').reduce((n, m) => n + (m.type === 'spans' ? m.spans.length : 0), 0) >= posted);
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const count = () => {
      let spans = 0;
      let skipped = 0;
      for (const m of slow.messages) {
        if (m.type === 'spans') spans += m.spans.length;
        if (m.type === 'skipped') {
          assert.equal(m.reason, 'slow-client');
          skipped += m.spans;
        }
      }
      return { spans, skipped };
    };
    await until(() => count().spans + count().skipped >= posted);
    const { spans, skipped } = count();
    assert.equal(spans + skipped, posted, 'every span was either sent or counted as skipped');
    assert.ok(skipped > 0, `the slow client was degraded (${spans} sent, ${skipped} skipped)`);
    assert.ok(slow.messages.some((m) => m.type === 'spans' && m.traces.length > 0), 'summaries kept coming');
    assert.ok(!fast.messages.some((m) => m.type === 'skipped'), 'a client that keeps up misses nothing');
    slow.ws.close();
    fast.ws.close();
  } finally {
    await viewer.close();
  }
});

test('span bodies for the firehose stay within the CPU share: past it, summaries and a count', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, liveBatchMs: 5, liveCpuShare: 0.000001 });
  try {
    const client = await open(viewer.url);
    await until(() => client.messages.length > 0);
    let posted = 0;
    for (let i = 0; i < 20; i++) {
      const body = batch(10);
      posted += body.resourceSpans[0].scopeSpans[0].spans.length;
      await postJson(viewer.otlpUrl, body);
      await new Promise((r) => setTimeout(r, 15));
    }
    let sent = 0;
    let skipped = 0;
    await until(() => {
      sent = 0;
      skipped = 0;
      for (const m of client.messages) {
        if (m.type === 'spans') sent += m.spans.length;
        if (m.type === 'skipped') skipped += m.spans;
      }
      return sent + skipped >= posted;
    });
    assert.equal(sent + skipped, posted);
    assert.ok(skipped > 0 && client.messages.some((m) => m.type === 'skipped' && m.reason === 'server-budget'));
    client.ws.close();
  } finally {
    await viewer.close();
  }
});
