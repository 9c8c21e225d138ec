// --persist with forwarding: spans an upstream has not acknowledged survive a kill -9 of the viewer and are sent once
// the viewer is back; turning forwarding on later does not re-send the store's history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, startCli } from '../../helpers/viewer-process.js';
import { postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';
import { startUpstream } from '../../helpers/start-upstream.js';

test('spans an upstream did not acknowledge before a kill -9 are sent after the restart; delivered ones are not', async (t) => {
  const file = join(mkdtempSync(join(tmpdir(), 'tl-fwd-restart-')), 'spans.log');
  const upstream = await startUpstream();
  t.after(() => upstream.close());
  const env = { ...cleanEnv, TRACELIGHT_FORWARD: upstream.url, TRACELIGHT_FORWARD_MAX_ELAPSED: '0' };
  const started: Array<ReturnType<typeof startCli>> = [];
  t.after(() => started.forEach((v) => v.child.kill('SIGKILL')));

  // First run: the upstream takes the first batch, then answers 503 to everything.
  let up = true;
  upstream.respond(() => ({ status: up ? 200 : 503 }));
  const first = startCli(['--port', '0', '--persist', file], env);
  started.push(first);
  const base = await first.ready;
  const early = Array.from({ length: 5 }, (_, i) => `early-${i}`);
  assert.equal((await postJson(`${base}v1/traces`, otlpJson(early.map((name) => ({ name }))))).status, 200);
  await upstream.waitFor(() => upstream.accepted().length === 5);
  await new Promise((r) => setTimeout(r, 800)); // the watermark is saved (coalesced every 500 ms)
  up = false;
  const late = Array.from({ length: 40 }, (_, i) => `late-${i}`);
  for (let i = 0; i < late.length; i += 10) {
    assert.equal((await postJson(`${base}v1/traces`, otlpJson(late.slice(i, i + 10).map((name) => ({ name, traceId: hexId(16) }))))).status, 200);
  }
  await upstream.waitFor(() => upstream.requests.some((r) => r.status === 503));
  first.child.kill('SIGKILL');
  await first.exited;

  // The upstream is back; the viewer restarts on the same file and sends what was never acknowledged.
  up = true;
  const second = startCli(['--port', '0', '--persist', file], env);
  started.push(second);
  await second.ready;
  await upstream.waitFor(() => late.every((name) => upstream.accepted().some((s) => s.name === name)));
  const names = upstream.accepted().map((s) => s.name);
  for (const name of [...early, ...late]) assert.equal(names.filter((n) => n === name).length, 1, `${name} arrived once`);
  assert.deepEqual(names.filter((n) => n.startsWith('late-')), late, 'in order');
  second.child.kill('SIGKILL');
  await second.exited;

  // A viewer that starts forwarding to a new target later does not send it the history.
  const other = await startUpstream();
  t.after(() => other.close());
  const third = startCli(['--port', '0', '--persist', file], { ...cleanEnv, TRACELIGHT_FORWARD: other.url });
  started.push(third);
  const base3 = await third.ready;
  await postJson(`${base3}v1/traces`, otlpJson([{ name: 'new' }]));
  await other.waitFor(() => other.accepted().length > 0);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(other.accepted().map((s) => s.name), ['new']);
});
