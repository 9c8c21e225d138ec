/**
 * Runs one of the library's test suites (`test/lib`, `test/integration`) under another Node binary, as the Node this
 * runner uses runs it, and checks that it passed. One suite per test file: each file must finish within the
 * runner's per-file timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRuntime, type RuntimeName } from '../../scripts/install-runtimes.mjs';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') return [];
    if (statSync(path).isDirectory()) return testFiles(path);
    return /\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Runs the suite's files under `node` with the TAP reporter; resolves with its output whatever the exit code. */
function runSuite(node: string, suite: string): Promise<{ code: number | null; output: string }> {
  const files = testFiles(suite).sort();
  // Without NODE_TEST_CONTEXT: inherited from this runner, it makes the child think it is a test file and skip its own.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      node,
      ['--import', 'tsx', '--test', '--test-reporter=tap', '--test-concurrency=2', '--test-timeout=100000', ...files],
      { maxBuffer: 64 * 1024 * 1024, env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' } },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

/**
 * Declares the test: `suite` passes under the runtime `name` (installed on first use; skipped, saying why, where it
 * ships no binary).
 *
 * @example
 * testSuiteUnder('node24', 'test/lib');
 */
export function testSuiteUnder(name: RuntimeName, suite: string, minPassed: number): void {
  test(`${name}: the ${suite} suite passes`, async (t) => {
    const node = ensureRuntime(name);
    if ('skip' in node) return t.skip(node.skip);
    const { code, output } = await runSuite(node.path, suite);
    const count = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? NaN);
    const failures = output.split('\n').filter((line) => /^\s*not ok /.test(line) && !/# SKIP/.test(line));
    assert.equal(count('fail'), 0, `${node.version}: ${failures.join('\n')}\n${output.slice(-4000)}`);
    assert.ok(count('pass') >= minPassed, `${node.version} ran the suite (${count('pass')} passed)`);
    assert.equal(code, 0, output.slice(-4000));
    t.diagnostic(`${node.version}: ${count('pass')} passed, ${count('skipped')} skipped`);
  });
}
