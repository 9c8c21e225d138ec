import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the `tracelight` package (its `package.json`), found upward from this module: the same from the
 * source (`viewer/fake-provider/`) and from the bundled CLI (`dist/viewer/`), so moving either never breaks `--demo`.
 */
function packageRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tracelight') return dir;
      } catch {
        // not ours: keep looking
      }
    }
    if (dirname(dir) === dir) throw new Error('tracelight: cannot find the package root (package.json) for the recordings');
  }
}

/**
 * Where the recorded wire data lives (shipped with the package for `--demo`); the parser tests, the fake provider and
 * the examples read the very same files: one corpus for every kind of test (docs/architecture.md#conventions, 12).
 *
 * @example
 * readFileSync(fixturesDir + 'openai/chat-text.sse', 'utf8');
 */
export const fixturesDir = join(packageRoot(), 'viewer', 'fake-provider', 'recordings') + '/';

const cache = new Map<string, string>();

/**
 * Returns a fixture's text, e.g. `readFixture('openai/chat-text.sse')`. Cached: the server reads each file once.
 *
 * @example
 * const body = readFixture('anthropic/messages-text.json');
 */
export function readFixture(relativePath: string): string {
  let text = cache.get(relativePath);
  if (text === undefined) {
    text = readFileSync(fixturesDir + relativePath, 'utf8');
    cache.set(relativePath, text);
  }
  return text;
}
