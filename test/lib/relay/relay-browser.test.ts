import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { createRelay, toNodeHandler } from '../../../lib/relay.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';
import { startUpstream } from '../../helpers/start-upstream.js';

const KEY = 'browser-never-sees-this-key-42';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

test('a real Chromium page posts OTLP to the relay; a page on a foreign origin is refused', async () => {
  const upstream = await startUpstream();
  const page = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>app</title><p>app page</p>');
  });
  const pagePort = await listen(page);
  const appOrigin = `http://127.0.0.1:${pagePort}`;
  const relay = createRelay({
    allowedOrigins: [appOrigin],
    env: { TRACELIGHT_FORWARD: 'traceloop', TRACELOOP_BASE_URL: upstream.url.replace('/v1/traces', ''), TRACELOOP_API_KEY: KEY },
    forwarderOptions: { batchDelayMs: 1 },
  });
  const relayServer = createServer(toNodeHandler(relay));
  const relayUrl = `http://127.0.0.1:${await listen(relayServer)}/otlp/v1/traces`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${appOrigin}/`);
    const body = JSON.stringify(otlpJson([{ name: 'button click' }], 'browser-app'));
    // application/json makes this a CORS-preflighted request, as the OTel browser exporter's is.
    const result = await tab.evaluate(
      async ([url, payload]) => {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
        return { status: res.status, body: await res.text() };
      },
      [relayUrl, body] as const,
    );
    assert.deepEqual(result, { status: 200, body: '{}' });
    await upstream.waitFor(() => upstream.accepted().length === 1);
    assert.equal(upstream.accepted()[0].name, 'button click');
    assert.equal(upstream.requests[0].headers.authorization, `Bearer ${KEY}`);

    // Same page, other origin string (localhost instead of 127.0.0.1): not on the allow-list.
    await tab.goto(`http://localhost:${pagePort}/`);
    const refused = await tab.evaluate(
      async ([url, payload]) => {
        try {
          const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
          return `status ${res.status}`;
        } catch (error) {
          return `blocked: ${(error as Error).name}`;
        }
      },
      [relayUrl, body] as const,
    );
    assert.equal(refused, 'blocked: TypeError');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(upstream.requests.length, 1, 'nothing from the foreign origin was forwarded');
  } finally {
    await browser.close();
    await close(relayServer);
    await close(page);
    await relay.close();
    await upstream.close();
  }
});
