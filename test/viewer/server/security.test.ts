import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { isAllowedHost, isAllowedOrigin } from '../../../viewer/server/request-guard.js';
import { httpRequest } from '../../helpers/http-request.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';

function openSocket(url: string, headers: Record<string, string>): Promise<{ status: number; first?: unknown }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('message', (data) => {
      resolve({ status: 101, first: JSON.parse(String(data)) });
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

test('Host check refuses DNS-rebinding names and accepts loopback names', () => {
  for (const ok of ['localhost', 'localhost:4318', '127.0.0.1:9', '[::1]:4318', 'app.localhost:3000', 'LOCALHOST']) {
    assert.equal(isAllowedHost(ok, []), true, ok);
  }
  for (const bad of [undefined, '', 'evil.com', 'evil.com:4318', '127.0.0.1.evil.com', 'localhost.evil.com', '10.0.0.5:4318', 'localhost:abc']) {
    assert.equal(isAllowedHost(bad, []), false, String(bad));
  }
  assert.equal(isAllowedHost('my-box:4318', ['my-box']), true);
  assert.equal(isAllowedHost('anything', ['*']), true);
  assert.equal(isAllowedOrigin('http://localhost:5173', []), true);
  assert.equal(isAllowedOrigin('https://dev.localhost', []), true);
  assert.equal(isAllowedOrigin('http://[::1]:8080', []), true);
  assert.equal(isAllowedOrigin('https://evil.com', []), false);
  assert.equal(isAllowedOrigin('null', []), false);
  assert.equal(isAllowedOrigin('file://', []), false);
});

test('foreign Host gets 403 on every route and on the live socket; the server serves the next request', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  try {
    const evilHost = { host: `evil.example:${viewer.port}` };
    for (const path of ['', 'api/health', 'api/traces', 'v1/traces']) {
      const res = await httpRequest(viewer.url + path, { headers: evilHost });
      assert.equal(res.status, 403, path);
    }
    const post = await httpRequest(viewer.otlpUrl, {
      method: 'POST',
      headers: { ...evilHost, 'content-type': 'application/json' },
      body: JSON.stringify(otlpJson([{}])),
    });
    assert.equal(post.status, 403);
    const live = viewer.url.replace('http', 'ws') + 'api/live';
    assert.equal((await openSocket(live, evilHost)).status, 403);

    assert.equal((await httpRequest(viewer.url + 'api/health')).json().spans, 0);
    assert.equal((await httpRequest(viewer.url + 'api/health', { headers: { host: `localhost:${viewer.port}` } })).status, 200);
  } finally {
    await viewer.close();
  }
});

test('--allow-host names are accepted (0.0.0.0 binds still check Host)', async () => {
  const viewer = await createViewerServer({ port: 0, host: '0.0.0.0', allowedHosts: ['devbox'], forward: null });
  try {
    assert.equal((await httpRequest(viewer.url + 'api/health', { headers: { host: `devbox:${viewer.port}` } })).status, 200);
    assert.equal((await httpRequest(viewer.url + 'api/health', { headers: { host: `other:${viewer.port}` } })).status, 403);
  } finally {
    await viewer.close();
  }
});

test('CORS: localhost origins get reflected headers and preflight answers, foreign origins 403, never *', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  try {
    const origin = 'http://localhost:5173';
    const pre = await httpRequest(viewer.otlpUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        // what @opentelemetry/exporter-trace-otlp-http sends from a browser, plus a custom header
        'access-control-request-headers': 'content-type,x-team',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], origin);
    assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
    assert.match(String(pre.headers['access-control-allow-headers']), /content-type/);
    assert.match(String(pre.headers['access-control-allow-headers']), /x-team/);

    const post = await httpRequest(viewer.otlpUrl, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify(otlpJson([{}])),
    });
    assert.equal(post.status, 200);
    assert.equal(post.headers['access-control-allow-origin'], origin);

    for (const bad of ['https://evil.example', 'null', 'http://localhost.evil.example']) {
      const res = await httpRequest(viewer.otlpUrl, {
        method: 'OPTIONS',
        headers: { origin: bad, 'access-control-request-method': 'POST' },
      });
      assert.equal(res.status, 403, bad);
      assert.equal(res.headers['access-control-allow-origin'], undefined);
      const write = await httpRequest(viewer.otlpUrl, {
        method: 'POST',
        headers: { origin: bad, 'content-type': 'application/json' },
        body: JSON.stringify(otlpJson([{}])),
      });
      assert.equal(write.status, 403);
    }
    const clear = await httpRequest(viewer.url + 'api/traces', { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    assert.equal(clear.status, 403);
    assert.equal((await httpRequest(viewer.url + 'api/health')).json().spans, 1);
  } finally {
    await viewer.close();
  }
});

test('live socket checks Origin', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  try {
    const live = viewer.url.replace('http', 'ws') + 'api/live';
    const ok = await openSocket(live, { origin: viewer.url.replace(/\/$/, '') });
    assert.equal(ok.status, 101);
    assert.equal((ok.first as { type: string }).type, 'hello');
    assert.equal((await openSocket(live, { origin: 'https://evil.example' })).status, 403);
    const again = await openSocket(live, {});
    assert.equal(again.status, 101);
  } finally {
    await viewer.close();
  }
});
