// What `npm pack` publishes: everything a user's import, `npx tracelight` and `--demo` need, and nothing else
// (no source maps, sources, tests or examples). Runs on the built dist/ that `npm test` makes first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));

/** Every file path named in an `exports` value, whatever the nesting of conditions. */
function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

test('npm pack holds the entries, the CLI, the UI and the demo recordings, and no maps, sources, tests or examples', () => {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  const [report] = JSON.parse(out.slice(out.indexOf('[')));
  const files = new Set<string>(report.files.map((f: { path: string }) => f.path));

  const needed = [...exportTargets(pkg.exports), ...Object.values(pkg.bin as Record<string, string>), pkg.main, pkg.types]
    .map((p) => p.replace(/^\.\//, ''));
  for (const path of needed) assert.ok(files.has(path), `${path} (named in package.json) is in the package`);
  assert.ok(files.has('dist/ui/index.html'), 'the prebuilt UI');
  assert.ok(files.has('dist/viewer/cli.js'), 'the viewer');
  assert.ok([...files].some((f) => f.startsWith('viewer/fake-provider/recordings/openai/')), 'the demo recordings');

  const unwanted = [...files].filter(
    (f) => f.endsWith('.map') || /^(test|examples|bench|scripts|lib|\.scratch)\//.test(f) || (/\.tsx?$/.test(f) && !/\.d\.c?ts$/.test(f)),
  );
  assert.deepEqual(unwanted, [], 'nothing a user does not run');
  // Catches source maps or bundled fixtures coming back (the package is ~0.9 MB packed today).
  assert.ok(report.size < 1_500_000, `packed size ${report.size} bytes`);
});
