// `npm ci` on a fresh clone: the lock must list every platform's optional packages (rollup's and esbuild's native
// builds, ...), not only this machine's, or `npm ci` elsewhere rejects it as out of sync with package.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lock = JSON.parse(readFileSync(fileURLToPath(new URL('../../package-lock.json', import.meta.url)), 'utf8'));
const packages: Record<string, { optionalDependencies?: Record<string, string> }> = lock.packages;

/** Where npm would find `name` from the package at `from` (its own node_modules, then each enclosing one). */
function resolves(from: string, name: string): boolean {
  for (let dir = from; ; ) {
    if (`${dir ? `${dir}/` : ''}node_modules/${name}` in packages) return true;
    if (!dir) return false;
    const i = dir.lastIndexOf('/node_modules/');
    dir = i < 0 ? '' : dir.slice(0, i);
  }
}

test('the lock lists every optional dependency of every package, for all platforms', () => {
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolves(path, name)) missing.push(`${path || '(root)'} -> ${name}`);
    }
  }
  assert.deepEqual(missing, []);
  assert.ok(Object.keys(packages).some((p) => p.endsWith('/@rollup/rollup-darwin-arm64')), 'another platform is listed');
});
