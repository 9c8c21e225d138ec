// The two ways content leaves the machine, with content stripping on: the viewer's forwarder
// (TRACELIGHT_FORWARD_CONTENT=false) and the relay (`stripContent: true`). A span of every dialect (the span fixtures,
// what real packages sent) goes in; the upstream must receive every span and no content string.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../../lib/relay.js';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { TraceResponse } from '../../../viewer/shared/api-types.js';
import { startUpstream } from '../../helpers/start-upstream.js';
import { SPAN_FIXTURES, readSpanFixture, spanFixtureText } from '../../helpers/span-fixtures.js';
import { canariesIn } from '../../helpers/senders/content-canaries.js';

const spanCount = (name: string) => readSpanFixture(name).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length;
const TOTAL = SPAN_FIXTURES.reduce((n, name) => n + spanCount(name), 0);

test('viewer forwarding with content stripped: upstream gets every span of every dialect and none of their content; the local view keeps it', async () => {
  const upstream = await startUpstream();
  const viewer = await createViewerServer({
    port: 0,
    forward: { url: upstream.url, headers: {}, stripContent: true, target: upstream.url },
    forwarderOptions: { batchDelayMs: 1 },
  });
  try {
    for (const name of SPAN_FIXTURES) {
      const res = await fetch(viewer.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: spanFixtureText(name) });
      assert.equal(res.status, 200, name);
    }
    await upstream.waitFor(() => upstream.accepted().length >= TOTAL, 20_000);
    const received = upstream.accepted();
    assert.equal(received.length, TOTAL);
    assert.ok(upstream.requests.every((r) => !r.contentType.includes('json')), 'protobuf upstream');
    assert.deepEqual(canariesIn(received), []);
    // Scalars went up: models and token counts.
    assert.ok(received.some((s) => s.attributes.some((a) => a.key === 'gen_ai.usage.cache_read.input_tokens')));
    // The local copy is whole.
    const traceId = readSpanFixture('traceloop-sdk/agent-workflow').resourceSpans[0].scopeSpans[0].spans[0].traceId;
    const local = (await (await fetch(new URL(`/api/traces/${traceId}`, viewer.url))).json()) as TraceResponse;
    assert.ok(canariesIn(local.spans).length > 3);
  } finally {
    await viewer.close();
    await upstream.close();
  }
});

test('relay with stripContent: upstream gets every span of every dialect and none of their content', async () => {
  const upstream = await startUpstream();
  const relay = createRelay({
    allowedOrigins: ['https://app.example.com'],
    forward: { url: upstream.url, headers: {}, stripContent: true, target: upstream.url },
    flushBeforeResponse: true,
    forwarderOptions: { batchDelayMs: 1 },
  });
  try {
    for (const name of SPAN_FIXTURES) {
      const res = await relay(
        new Request('https://app.example.com/otlp/v1/traces', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://app.example.com' },
          body: spanFixtureText(name),
        }),
      );
      assert.equal(res.status, 200, name);
    }
    await upstream.waitFor(() => upstream.accepted().length >= TOTAL, 20_000);
    assert.equal(upstream.accepted().length, TOTAL);
    assert.deepEqual(canariesIn(upstream.accepted()), []);
  } finally {
    await relay.close();
    await upstream.close();
  }
});
