// Node 22 and 24 (binaries from the `node-<platform>` registry packages, see scripts/install-runtimes.mjs) run the
// library's own test suites, `test/lib` and `test/integration`, exactly as the Node this runner uses does, plus the
// runtime program every other runtime runs (OpenAI calls through the real SDK, spans in a real viewer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRuntime } from '../../scripts/install-runtimes.mjs';
import { checkOpenAiCalls, startRuntimeBackends } from './helpers/runtime-backends';
import { runCliApp } from './helpers/run-cli-app';

const SUITES = ['test/lib', 'test/integration'];

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    if (statSync(path).isDirectory()) return testFiles(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Runs the suites under `node` with the TAP reporter; resolves with its output whatever the exit code. */
function runSuites(node: string): Promise<{ code: number | null; output: string }> {
  const files = SUITES.flatMap(testFiles).sort();
  // Without NODE_TEST_CONTEXT: inherited from this runner, it makes the child think it is a test file and skip its own.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      node,
      ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=2', '--test-timeout=120000', ...files],
      { maxBuffer: 64 * 1024 * 1024, timeout: 480_000, env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

for (const name of ['node22', 'node24'] as const) {
  test(`${name}: the library's test/lib and test/integration suites pass`, async (t) => {
    const node = ensureRuntime(name);
    if ('skip' in node) return t.skip(node.skip);
    const { code, output } = await runSuites(node.path);
    const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
    const failures = output.split('\n').filter((line) => /^\s*not ok /.test(line) && !/# SKIP/.test(line));
    assert.equal(count('fail'), 0, `${node.version}: ${failures.join('\n')}\n${output.slice(-4000)}`);
    assert.ok(count('pass') > 100, `${node.version} ran the suites (${count('pass')} passed)`);
    assert.equal(code, 0, output.slice(-4000));
    t.diagnostic(`${node.version}: ${count('pass')} passed, ${count('skipped')} skipped`);
  });

  test(`${name}: OpenAI calls through the openai SDK are traced to the viewer, results untouched`, async (t) => {
    const node = ensureRuntime(name);
    if ('skip' in node) return t.skip(node.skip);
    const backends = await startRuntimeBackends();
    try {
      const result = await runCliApp(node.path, [], backends.fake.url, backends.viewer.otlpUrl, name);
      assert.equal(result.entry, 'dist/lib/node.js');
      await checkOpenAiCalls(result, backends.viewer.url, name);
    } finally {
      await backends.close();
    }
  });
}
