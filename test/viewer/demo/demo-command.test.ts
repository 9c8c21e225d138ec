// Runs the README's first command, `npx tracelight --demo`, exactly as written (so on the CLI's default port
// 4318), waits for the demo's traffic in the viewer's JSON API, then stops it as Ctrl+C would.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { groupIsGone } from '../../helpers/process-group.js';
import { fileURLToPath } from 'node:url';
import { findDemoProblems, readDemoTraces } from '../../helpers/demo-expectations.js';
import { waitFor } from '../../helpers/viewer-api.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const viewerUrl = 'http://127.0.0.1:4318';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('`npx tracelight --demo` serves live traffic from every scenario and exits cleanly on Ctrl+C', async (t) => {
  assert.ok(existsSync(`${repoRoot}/dist/viewer/cli.js`), 'the CLI is built (`npm run build`, run by `npm test`)');
  assert.ok(await portIsFree(4318), 'port 4318 is free (the demo command uses the CLI default port)');

  // Only variables that would send the demo's spans elsewhere are removed; everything else is the user's env.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(OTEL_|TRACELOOP_|TRACELIGHT_)/.test(key)) delete env[key];
  // npx runs a project's own bin by linking the project into its cache, which runs the `prepare` script (a full
  // rebuild of dist/) the first time. `npm test` has just built dist/, and a rebuild here would pull dist/ from
  // under tests running in parallel, so: a private npx cache (no state from earlier runs) and no lifecycle scripts.
  const npmCache = mkdtempSync(join(tmpdir(), 'tracelight-npx-'));
  t.after(() => rmSync(npmCache, { recursive: true, force: true }));
  env.npm_config_cache = npmCache;
  env.npm_config_ignore_scripts = 'true';
  // Its own process group, so the test can signal npx and the CLI together, as a terminal's Ctrl+C does.
  const child = spawn('npx', ['tracelight', '--demo'], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  t.after(() => {
    if (!groupIsGone(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
  });

  let problems = { missing: ['(no answer yet)'], badModels: [] as string[] };
  await waitFor(
    'a workflow trace from every demo scenario',
    async () => {
      if (child.exitCode !== null) throw new Error(`the demo exited early (${child.exitCode}): ${stderr}`);
      problems = findDemoProblems(await readDemoTraces(viewerUrl));
      return problems.missing.length === 0 ? true : undefined;
    },
    60_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; missing: ${problems.missing.join(', ')}\nstdout: ${stdout}\nstderr: ${stderr}`);
  });
  // Real model names only, echoed as sent: the scenarios travel in the x-fake-scenario header.
  assert.deepEqual(problems.badModels, []);

  // It prints where to look.
  assert.match(stdout, /http:\/\/127\.0\.0\.1:4318/);
  assert.match(stdout, /demo/i);
  assert.doesNotMatch(stdout, /tracelight demo: .* failed/, 'no demo scenario failed unexpectedly');

  // Ctrl+C: SIGINT to the whole process group (npx and the CLI it runs).
  process.kill(-child.pid!, 'SIGINT');
  const { code, signal } = await exited;
  // npx either forwards the signal and exits with the CLI's code, or dies by the same SIGINT, as in a terminal.
  assert.ok(code === 0 || signal === 'SIGINT', `npx ended with code ${code}, signal ${signal}; stderr: ${stderr}`);
  // Every process of the group (the CLI too) exits by itself, without being killed: poll until none is left.
  await waitFor('the CLI to exit after SIGINT', async () => (groupIsGone(child.pid!) ? true : undefined), 10_000);
  assert.match(stdout, /SIGINT, shutting down/);
  const stderrLines = stderr.split('\n').filter((line) => line.trim() && !/^npm warn /i.test(line));
  assert.deepEqual(stderrLines, [], 'nothing but npm warnings on stderr (e.g. no SDK deprecation warnings)');
  assert.ok(await portIsFree(4318), 'the port is released');
});
