/** Runs `test/runtimes/apps/cli-app.mjs` in a runtime binary and parses the JSON line it prints. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { OpenAiCallsResult } from './runtime-backends.js';

/** Where the runtime programs live. */
export const APPS_DIR = join(import.meta.dirname, '..', 'runtimes', 'apps');

/**
 * Runs the CLI program with `binary` (`args` before the script, e.g. Deno's `run -A`), against the fake provider and
 * viewer, and returns its result plus the package file the runtime resolved `tracelight` to.
 *
 * @example
 * const result = await runCliApp(bun.path, [], fake.url, viewer.otlpUrl, 'bun');
 */
export function runCliApp(
  binary: string,
  args: string[],
  providerUrl: string,
  otlpUrl: string,
  serviceName: string,
): Promise<OpenAiCallsResult & { entry: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      [...args, join(APPS_DIR, 'cli-app.mjs'), providerUrl, otlpUrl, serviceName],
      // No inherited OTLP settings: the program must export where it is told.
      { timeout: 90_000, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '', NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
        if (error || !line) reject(new Error(`${serviceName} failed: ${error?.message ?? 'no output'}\n${stderr.slice(-3000)}`));
        else resolve(JSON.parse(line));
      },
    );
  });
}
