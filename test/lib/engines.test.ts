// `engines` tells the truth: every Node version our `engines.node` admits is admitted by every package the library
// and the viewer load at run time (dependencies, transitively), so `npm install` never warns EBADENGINE and
// `engine-strict` installs succeed on every version we claim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import semver from 'semver';

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Where Node would find `name` from `fromDir` (walking up node_modules folders), by its package.json. */
function findManifest(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

test('every runtime dependency accepts every Node version our engines field admits', () => {
  const root = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
  const ours = root.engines?.node;
  assert.ok(ours && semver.validRange(ours), 'package.json declares engines.node');
  const seen = new Set<string>();
  const conflicts: string[] = [];
  const walk = (deps: Record<string, string>, fromDir: string, optional: Set<string>) => {
    for (const name of Object.keys(deps)) {
      const path = findManifest(name, fromDir);
      if (!path) {
        assert.ok(optional.has(name), `${name} is not installed`);
        continue;
      }
      if (seen.has(path)) continue;
      seen.add(path);
      const pkg = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      const theirs = pkg.engines?.node;
      if (theirs && !semver.subset(ours, theirs, { includePrerelease: false })) conflicts.push(`${pkg.name}@${pkg.version} wants node ${theirs}`);
      const required = { ...pkg.dependencies, ...pkg.optionalDependencies };
      for (const [peer, meta] of Object.entries(pkg.peerDependenciesMeta ?? {})) if (!meta.optional && pkg.peerDependencies?.[peer]) required[peer] = pkg.peerDependencies[peer];
      walk(required, dirname(path), new Set(Object.keys(pkg.optionalDependencies ?? {})));
    }
  };
  walk(root.dependencies ?? {}, process.cwd(), new Set());
  assert.ok(seen.size > 10, `walked ${seen.size} packages`);
  assert.deepEqual(conflicts, [], `engines.node is "${ours}"`);
});
