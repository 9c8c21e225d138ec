// Each example's one command, exactly as its README writes it (`npx tsx examples/<name>/main.ts`), with no key
// set: it must run offline against the fake provider and deliver its trace to the viewer named by the usual
// OTEL_EXPORTER_OTLP_ENDPOINT. Checked through the viewer's JSON API. (The browser example's main serves fixed
// ports for a person to open; its run() is covered by browser-app.test.ts.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { groupIsGone } from '../helpers/process-group.js';
import { fileURLToPath } from 'node:url';
import { createViewerServer } from '../../viewer/server/create-viewer-server.js';
import type { TracesResponse } from '../../viewer/shared/api-types.js';
import { getJson, waitFor } from '../helpers/viewer-api.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** The user's environment minus anything that would pick a real LLM or another trace destination. */
function offlineEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(OTEL_|TRACELOOP_|TRACELIGHT_|OPENAI_|ANTHROPIC_|BROWSER_LLM_)/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

/**
 * Runs `npx tsx <script>` in its own process group; resolves with its exit code and output. With `untilOutput`,
 * a long-running main gets Ctrl+C (SIGINT to the whole group, as a terminal sends it) once its output matches.
 */
function runMain(t: { after(fn: () => void): void }, script: string, env: NodeJS.ProcessEnv, untilOutput?: RegExp) {
  const child = spawn('npx', ['tsx', script], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Whatever happens, no process of the example outlives the test.
  t.after(() => {
    if (!groupIsGone(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (untilOutput?.test(stdout) && !interrupted) {
      interrupted = true;
      process.kill(-child.pid!, 'SIGINT');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ pid: number; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.once('close', (code, signal) => resolve({ pid: child.pid!, code, signal, stdout, stderr })),
  );
}

for (const [example, traceName] of [
  ['node-backend', 'plan-trip.workflow'],
  ['ai-sdk', 'ai-sdk-example.workflow'],
] as const) {
  test(`npx tsx examples/${example}/main.ts runs offline and its trace reaches the viewer`, async (t) => {
    const viewer = await createViewerServer({ port: 0, forward: null });
    t.after(() => viewer.close());
    const { code, stdout, stderr } = await runMain(
      t,
      `examples/${example}/main.ts`,
      offlineEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: viewer.url.replace(/\/$/, '') }),
    );
    assert.equal(code, 0, stderr);
    assert.match(stdout, /fake provider; set OPENAI_API_KEY/);
    const trace = await waitFor(`the ${traceName} trace`, async () => {
      const { traces } = await getJson<TracesResponse>(viewer.url, '/api/traces');
      return traces.find((candidate) => candidate.name === traceName);
    });
    assert.equal(trace.errorCount, 0);
    assert.ok(trace.inputTokens > 0 && trace.outputTokens > 0);
  });
}

test('npx tsx examples/forwarding/main.ts tells the outage story and stops on Ctrl+C', async (t) => {
  const { pid, code, signal, stdout, stderr } = await runMain(
    t,
    'examples/forwarding/main.ts',
    offlineEnv({ PORT: '0' }),
    /Ctrl\+C to stop/,
  );
  // npx either passes the example's exit code on or dies by the same SIGINT, as in a terminal.
  assert.ok(code === 0 || signal === 'SIGINT', `code ${code}, signal ${signal}: ${stderr}`);
  // The example itself handled Ctrl+C: every process of the group exited by itself.
  await waitFor('the example to exit after SIGINT', async () => (groupIsGone(pid) ? true : undefined), 10_000);
  assert.match(stdout, /== forwarding: 1 traces kept locally/);
  assert.match(stdout, /== upstream down: 2 traces kept locally\n.*"queued":[1-9]\d*.*"lastError":"collector: [^"]+"/);
  assert.match(stdout, /\n   collector retrying, attempt \d+, next in \d+ ms: sent 2, queued 2, dropped 0, prompts stripped, last error: /);
  assert.match(stdout, /\n   archive   idle: sent 4, queued 0, dropped 0, prompts kept\n/);
  assert.match(stdout, /== upstream back: 2 traces kept locally\n.*"sent":8,"failed":0,"queued":0,"dropped":0,"lastError":null/);
});
