import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { otlpJson } from '../../helpers/otlp-fixtures.js';

// The built CLI when present (what `npx tracelight` runs), else the source through tsx.
const BUILT = join(process.cwd(), 'dist/viewer/cli.js');
const COMMAND = existsSync(BUILT) ? [BUILT] : ['--import', 'tsx', join(process.cwd(), 'viewer/server/cli.ts')];
const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const cleanEnv = { ...process.env, TRACELIGHT_FORWARD: '' };

function run(args: string[]) {
  return spawnSync(process.execPath, [...COMMAND, ...args], { encoding: 'utf8', timeout: 30_000, env: cleanEnv });
}

function start(args: string[], env: NodeJS.ProcessEnv = cleanEnv) {
  const child = spawn(process.execPath, [...COMMAND, ...args], { env });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = out.match(/UI:\s+(http:\/\/\S+)/);
      if (m && out.includes('OTLP:')) resolve(m[1]);
    };
    child.stdout.on('data', check);
    exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  return { child, ready, exited, output: () => out, errors: () => err };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

test('--help and --version', () => {
  const help = run(['--help']);
  assert.equal(help.status, 0);
  for (const flag of ['--port', '--grpc-port', '--host', '--open', '--max-memory', '--persist', '--prices', '--demo', '--version']) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  const v = run(['--version']);
  assert.equal(v.status, 0);
  assert.equal(v.stdout.trim(), version);
  const bad = run(['--nope']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /Unknown option '--nope'/);
  assert.equal(run(['--port', 'abc']).status, 1);
  assert.match(run(['--grpc-port', 'x']).stderr, /--grpc-port must be a number from 0 \(off\) to 65535/);
  assert.equal(run(['--max-memory', 'lots']).status, 1);
  assert.match(run(['--max-memory', '10kb']).stderr, /at least 1mb/);
});

test('a port in use gives one clear line and exit code 1 (the gRPC port too, when it was asked for)', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    const result = run(['--port', String(port)]);
    assert.equal(result.status, 1);
    assert.equal(result.stderr.trim(), `tracelight: port ${port} on 127.0.0.1 is already in use (another tracelight?). Pick another with --port.`);
    const grpc = run(['--port', '0', '--grpc-port', String(port)]);
    assert.equal(grpc.status, 1);
    assert.equal(
      grpc.stderr.trim(),
      `tracelight: port ${port} on 127.0.0.1 is already in use (another tracelight?). Pick another with --grpc-port (0 turns gRPC off).`,
    );
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});

test('starts, prints the URLs, serves, and on SIGTERM closes cleanly after saving --persist', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
  const persist = join(dir, 'spans.jsonl');
  const prices = join(dir, 'prices.json');
  writeFileSync(prices, JSON.stringify({ 'house-model': { input: 1, output: 1 } }));
  const port = await freePort();
  const grpcPort = await freePort();
  const cli = start(['--port', String(port), '--grpc-port', String(grpcPort), '--persist', persist, '--prices', prices, '--max-memory', '64mb']);
  try {
    const url = await cli.ready;
    assert.equal(url, `http://127.0.0.1:${port}/`);
    assert.match(cli.output(), new RegExp(`OTLP:\\s+http://127\\.0\\.0\\.1:${port}/v1/traces`));
    assert.match(cli.output(), new RegExp(`gRPC:\\s+http://127\\.0\\.0\\.1:${grpcPort} `));
    assert.match(cli.output(), /Forwarding: off/);
    const body = otlpJson([{ name: 'cli span', attributes: { 'gen_ai.request.model': 'house-model', 'gen_ai.usage.input_tokens': 1_000_000 } }]);
    const res = await postJson(`${url}v1/traces`, body);
    assert.equal(res.status, 200);
    const health = (await httpRequest(`${url}api/health`)).json();
    assert.equal(health.spans, 1);
    // 64 MB is less than the process needs for itself: the store gets a quarter, and the user is told.
    assert.equal(health.memory.budget, 64 * 1024 * 1024);
    assert.equal(health.maxBytes, 16 * 1024 * 1024);
    assert.match(cli.errors(), /warning: --max-memory 64 MB is less than the viewer needs for itself \(~\d+ MB\)/);
    const traceId = body.resourceSpans[0].scopeSpans[0].spans[0].traceId;
    assert.equal((await httpRequest(`${url}api/traces/${traceId}`)).json().spans[0].genAi.costUsd, 1);
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
    assert.match(readFileSync(persist, 'utf8'), /cli span/);
  } finally {
    cli.child.kill('SIGKILL');
  }
});

test('--host elsewhere prints a warning; a misconfigured TRACELIGHT_FORWARD fails fast without echoing secrets', async () => {
  const port = await freePort();
  const cli = start(['--port', String(port), '--grpc-port', '0', '--host', '0.0.0.0']);
  try {
    const url = await cli.ready;
    await new Promise((r) => setTimeout(r, 100));
    assert.match(cli.errors(), /warning: listening on 0\.0\.0\.0/);
    // The default budget, 256 MB, is the whole process's: the store gets what the process at start (+ headroom) leaves.
    const health = (await httpRequest(`${url.replace('0.0.0.0', '127.0.0.1')}api/health`)).json();
    assert.equal(health.memory.budget, 256 * 1024 * 1024);
    assert.ok(health.maxBytes < 256 * 1024 * 1024 - 72 * 1024 * 1024 - health.memory.rss / 2, `store ${health.maxBytes}`);
    assert.ok(health.maxBytes > 64 * 1024 * 1024, `store ${health.maxBytes}`);
    assert.doesNotMatch(cli.errors(), /--max-memory/);
    cli.child.kill('SIGINT');
    assert.equal(await cli.exited, 0);
  } finally {
    cli.child.kill('SIGKILL');
  }
  const result = spawnSync(process.execPath, [...COMMAND, '--port', '0'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, TRACELIGHT_FORWARD: 'traceloop', TRACELOOP_API_KEY: '' },
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /TRACELOOP_API_KEY/);
});

test('forwarding to two targets: both listed at start, their queue bounds set aside from --max-memory; bad bounds fail fast', async () => {
  const port = await freePort();
  const cli = start(['--port', String(port)], {
    ...cleanEnv,
    TRACELIGHT_FORWARD: 'team=http://127.0.0.1:9/v1/traces,archive=http://127.0.0.1:9/archive',
    TRACELIGHT_FORWARD_QUEUE_SIZE: '16mb',
    TRACELIGHT_FORWARD_CONTENT_ARCHIVE: 'false',
  });
  try {
    const url = await cli.ready;
    assert.match(cli.output(), /Forwarding: team http:\/\/127\.0\.0\.1:9\/v1\/traces, archive http:\/\/127\.0\.0\.1:9\/archive \(content stripped\)/);
    const health = (await httpRequest(`${url}api/health`)).json();
    // What the store gets: the budget less the process at start, the ingest headroom and two 16 MB queues.
    const queues = 2 * 16 * 1024 * 1024;
    assert.ok(health.maxBytes <= 256 * 1024 * 1024 - 72 * 1024 * 1024 - queues - health.memory.rss / 2, `store ${health.maxBytes}`);
    assert.deepEqual(health.forwarding.targets.map((t: { name: string; maxQueueBytes: number }) => [t.name, t.maxQueueBytes]), [
      ['team', 16 * 1024 * 1024],
      ['archive', 16 * 1024 * 1024],
    ]);
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
  } finally {
    cli.child.kill('SIGKILL');
  }
  const bad = spawnSync(process.execPath, [...COMMAND, '--port', '0'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...cleanEnv, TRACELIGHT_FORWARD: 'http://127.0.0.1:9', TRACELIGHT_FORWARD_MAX_ELAPSED: 'soon' },
  });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^tracelight: TRACELIGHT_FORWARD_MAX_ELAPSED must be a duration like 300s, 5m or 1h/);
});

test('--open hands the UI URL to the desktop opener (xdg-open here), and a missing opener only prints the URL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-open-'));
  const record = join(dir, 'opened.txt');
  // A stand-in xdg-open first on PATH: the one program here that stands for the user's desktop.
  writeFileSync(join(dir, 'xdg-open'), `#!/bin/sh\necho "$@" > "${record}"\n`, { mode: 0o755 });
  const port = await freePort();
  const env = { ...cleanEnv, PATH: `${dir}:${process.env.PATH}` };
  const child = spawn(process.execPath, [...COMMAND, '--port', String(port), '--grpc-port', '0', '--open'], { env });
  try {
    for (let i = 0; i < 100 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(readFileSync(record, 'utf8').trim(), `http://127.0.0.1:${port}/`);
  } finally {
    child.kill('SIGKILL');
  }
  const bare = spawn(process.execPath, [...COMMAND, '--port', '0', '--open'], { env: { ...cleanEnv, PATH: '/nonexistent' } });
  let out = '';
  bare.stdout.on('data', (d) => (out += d));
  try {
    for (let i = 0; i < 100 && !out.includes('could not open a browser'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /could not open a browser; visit http:\/\/127\.0\.0\.1:\d+\//);
  } finally {
    bare.kill('SIGKILL');
  }
});
