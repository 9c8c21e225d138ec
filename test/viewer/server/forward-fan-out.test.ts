// Fan-out (issue 10.2): one viewer forwards to several targets at once, each with its own queue, retries, status and
// headers; a dead or hanging target never holds another. Real viewer, real upstreams, the wall clock.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { default as WebSocket } from 'ws';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { HealthResponse } from '../../../viewer/shared/api-types.js';
import type { LiveMessage } from '../../../viewer/shared/live-messages.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';
import { startUpstream } from '../../helpers/start-upstream.js';

const KEY = 'tl-fanout-key-0123456789';
const FAST = { batchDelayMs: 5, initialBackoffMs: 20, maxBackoffMs: 100 };

test('traceloop and a collector at once: both get every span, each with only its own credentials', async () => {
  const traceloop = await startUpstream();
  const collector = await startUpstream();
  const viewer = await createViewerServer({
    port: 0,
    env: {
      TRACELIGHT_FORWARD: `traceloop,collector=${collector.url}`,
      TRACELOOP_BASE_URL: traceloop.url.replace('/v1/traces', ''),
      TRACELOOP_API_KEY: KEY,
      TRACELIGHT_FORWARD_HEADERS_COLLECTOR: 'x-tenant=dev,authorization=Basic%20Y29sbGVjdG9yOnB3',
      TRACELIGHT_FORWARD_CONTENT_COLLECTOR: 'false',
    },
    forwarderOptions: FAST,
  });
  try {
    await postJson(
      viewer.otlpUrl,
      otlpJson([{ name: 'chat', attributes: { 'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"PROMPT"}]}]' } }, { name: 'tool' }]),
    );
    await traceloop.waitFor(() => viewer.forwarder!.status().sent === 4);
    assert.equal(traceloop.requests[0]!.headers.authorization, `Bearer ${KEY}`);
    assert.equal(traceloop.requests[0]!.headers['x-tenant'], undefined);
    assert.equal(collector.requests[0]!.headers.authorization, 'Basic Y29sbGVjdG9yOnB3');
    assert.equal(collector.requests[0]!.headers['x-tenant'], 'dev');
    // Content: Traceloop gets the prompt, the collector (content off for it alone) does not.
    const attr = (spans: typeof traceloop.requests[0]['spans']) => spans.find((s) => s.name === 'chat')!.attributes.map((a) => a.key);
    assert.ok(attr(traceloop.accepted()).includes('gen_ai.input.messages'));
    assert.ok(!attr(collector.accepted()).includes('gen_ai.input.messages'));

    const health: HealthResponse = (await httpRequest(viewer.url + 'api/health')).json();
    const f = health.forwarding;
    assert.equal(f.target, `${traceloop.url}, ${collector.url}`);
    assert.equal(f.sent, 4, 'the combined summary sums the targets');
    assert.deepEqual(
      f.targets.map((t) => [t.name, t.target, t.sent, t.contentStripped]),
      [
        ['traceloop', traceloop.url, 2, false],
        ['collector', collector.url, 2, true],
      ],
    );
    assert.ok(!JSON.stringify(health).includes(KEY));
  } finally {
    await viewer.close();
    await traceloop.close();
    await collector.close();
  }
});

test('one target down (503), one up: the up one is not held back; the down one catches up in order when it returns', async () => {
  const up = await startUpstream();
  const down = await startUpstream();
  let downIsBack = false;
  down.respond(() => (downIsBack ? { status: 200 } : { status: 503, body: 'maintenance' }));
  const viewer = await createViewerServer({
    port: 0,
    env: { TRACELIGHT_FORWARD: `up=${up.url},down=${down.url}` },
    forwarderOptions: FAST,
  });
  const ws = new WebSocket(viewer.url.replace('http', 'ws') + 'api/live');
  const messages: LiveMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  try {
    const expected: string[] = [];
    for (let i = 0; i < 6; i++) {
      const names = [`s${i}a`, `s${i}b`];
      await postJson(viewer.otlpUrl, otlpJson(names.map((name) => ({ name }))));
      expected.push(...names);
    }
    await up.waitFor(() => viewer.forwarder!.status().targets[0]!.sent === expected.length);
    assert.deepEqual(up.accepted().map((s) => s.name), expected);
    const during = viewer.forwarder!.status();
    const [u, d] = during.targets;
    assert.equal(u!.queued, 0);
    assert.equal(u!.lastError, null);
    assert.equal(d!.queued, expected.length);
    assert.match(d!.lastError ?? '', /HTTP 503: maintenance/);
    assert.match(during.lastError ?? '', /^down: HTTP 503: maintenance/, 'the summary names the failing target');
    // The live socket tells the UI each target's state.
    await up.waitFor(() => messages.some((m) => m.type === 'forwarding' && /HTTP 503/.test(m.forwarding.targets[1]?.lastError ?? '')));

    downIsBack = true;
    await down.waitFor(() => down.accepted().length === expected.length);
    assert.deepEqual(down.accepted().map((s) => s.name), expected, 'in order, none twice');
    assert.equal(up.accepted().length, expected.length, 'the up target got nothing twice');
  } finally {
    ws.close();
    await viewer.close();
    await up.close();
    await down.close();
  }
});

test('a target that hangs (never answers) does not slow another target, nor local ingest', async () => {
  const fast = await startUpstream();
  const hang = createServer(() => {}); // accepts, never answers
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  const hangUrl = `http://127.0.0.1:${(hang.address() as AddressInfo).port}/v1/traces`;
  const viewer = await createViewerServer({ port: 0, env: { TRACELIGHT_FORWARD: `${hangUrl},${fast.url}` }, forwarderOptions: FAST });
  try {
    for (let i = 0; i < 5; i++) {
      const res = await postJson(viewer.otlpUrl, otlpJson([{ name: `n${i}` }]));
      assert.equal(res.status, 200);
    }
    await fast.waitFor(() => fast.accepted().length === 5, 5_000);
    const [slow] = viewer.forwarder!.status().targets;
    assert.equal(slow!.state, 'sending', 'still waiting on its first request (10 s timeout)');
    assert.equal(slow!.queued, 5);
  } finally {
    await viewer.forwarder!.close(0);
    await viewer.close();
    hang.closeAllConnections();
    await new Promise((r) => hang.close(r));
    await fast.close();
  }
});
