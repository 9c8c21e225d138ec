// The forwarder's visible errors never carry a credential (issue 10.4): upstreams that echo the Traceloop key, a
// header credential, the Basic credential made from URL user info and an `?api_key=` of the forward URL, as is,
// case-folded, base64 and URL-encoded, while retrying (503) and when refusing (400). Checked in /api/health, the
// live socket and the viewer's log lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { default as WebSocket } from 'ws';
import { secretForms } from '../../../lib/content/scrub-secrets.js';
import { createViewerServer, type ViewerLogger } from '../../../viewer/server/create-viewer-server.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';
import { startUpstream, type Answer } from '../../helpers/start-upstream.js';

const TRACELOOP_KEY = 'tl_4f9a2c7e1b3d5f8a0c2e4b6d';
const PASSWORD = 'Pw0rd-from-user-info-7731';
const QUERY_KEY = 'qk_91ab7cd3ef5a2b4c6d8e';
const HEADER_KEY = 'hny_team_Zx8Yw7Vu6Ts5Rq4P';
const SECRETS = [TRACELOOP_KEY, PASSWORD, QUERY_KEY, HEADER_KEY];

function forms(secret: string): string[] {
  return [...secretForms(secret), secret.toLowerCase(), secret.toUpperCase()];
}

function assertClean(where: string, text: string): void {
  const lower = text.toLowerCase();
  for (const secret of SECRETS) {
    for (const form of forms(secret)) assert.ok(!lower.includes(form.toLowerCase()), `${where} holds "${form}" (a form of ${secret.slice(0, 6)}...): ${text.slice(0, 2000)}`);
  }
}

// An upstream that quotes back everything it was sent, in every encoding: while down (503), then refusing (400).
let refusing = false;
function echoing(_n: number, request: { url: string; headers: Record<string, string | string[] | undefined> }): Answer {
  const auth = String(request.headers.authorization ?? '');
  const token = auth.replace(/^\w+\s+/, '');
  const team = String(request.headers['x-honeycomb-team'] ?? '');
  const decoded = auth.startsWith('Basic ') ? Buffer.from(token, 'base64').toString('utf8') : '';
  const url = `http://${decoded ? `${decoded}@` : ''}collector.internal${request.url}`;
  const body =
    `denied: auth="${auth}" token=${token.toLowerCase()} ${token.toUpperCase()} b64=${Buffer.from(token).toString('base64')} ` +
    `b64url=${Buffer.from(`k:${token}`).toString('base64url')} uri=${encodeURIComponent(token)} basic=${decoded} team=${team} ` +
    `team-b64=${Buffer.from(team).toString('base64')} url=${url} url-encoded=${encodeURIComponent(url)}`;
  return { status: refusing ? 400 : 503, body };
}

test('lastError in /api/health, live messages and logs is scrubbed of every credential, in every encoding', async () => {
  const traceloop = await startUpstream();
  const collector = await startUpstream();
  traceloop.respond(echoing);
  collector.respond(echoing);
  const logs: string[] = [];
  const logger: ViewerLogger = { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) };
  const collectorUrl = new URL(collector.url);
  collectorUrl.username = 'svc';
  collectorUrl.password = PASSWORD;
  collectorUrl.search = `?api_key=${QUERY_KEY}&tenant=dev`;
  const viewer = await createViewerServer({
    port: 0,
    logger,
    env: {
      TRACELIGHT_FORWARD: `traceloop,c=${collectorUrl.href}`,
      TRACELOOP_BASE_URL: traceloop.url.replace('/v1/traces', ''),
      TRACELOOP_API_KEY: TRACELOOP_KEY,
      TRACELIGHT_FORWARD_HEADERS_C: `x-honeycomb-team=${HEADER_KEY}`,
    },
    forwarderOptions: { batchDelayMs: 5, initialBackoffMs: 10, maxBackoffMs: 20 },
  });
  const ws = new WebSocket(viewer.url.replace('http', 'ws') + 'api/live');
  const live: string[] = [];
  ws.on('message', (d) => live.push(String(d)));
  try {
    await postJson(viewer.otlpUrl, otlpJson([{ name: 'one' }]));
    // While retrying: the 503's echo is the last error.
    await traceloop.waitFor(() => viewer.forwarder!.status().targets.every((t) => t.retry && t.lastError));
    const during = (await httpRequest(viewer.url + 'api/health')).text();
    assertClean('/api/health while retrying', during);
    assert.match(during, /HTTP 503: denied: auth=\\"REDACTED\\" token=REDACTED REDACTED b64=REDACTED/);
    // Then the 400: final, counted, scrubbed.
    refusing = true;
    await traceloop.waitFor(() => viewer.forwarder!.status().failed === 2);
    const after = (await httpRequest(viewer.url + 'api/health')).text();
    assertClean('/api/health after the 400', after);
    const { targets } = JSON.parse(after).forwarding;
    assert.match(targets[1].lastError, /^HTTP 400: denied: auth="REDACTED" token=REDACTED REDACTED b64=\S*REDACTED\S* .* basic=svc:REDACTED team=REDACTED/);
    assert.match(targets[1].lastError, /url=http:\/\/collector\.internal\/v1\/traces\?api_key=REDACTED&tenant=dev/);
    assert.equal(targets[1].target, collector.url, 'no user info, no query');
    // The credentials really went upstream (the scrubbing is of what came back, not of what was sent).
    assert.equal(collector.requests[0]!.headers['x-honeycomb-team'], HEADER_KEY);
    assert.match(collector.requests[0]!.headers.authorization as string, /^Basic /);
    await traceloop.waitFor(() => live.some((m) => m.includes('HTTP 400')));
    assertClean('the live socket', live.join('\n'));
    assertClean('the log', logs.join('\n'));
  } finally {
    ws.close();
    await viewer.close();
    await traceloop.close();
    await collector.close();
  }
});
