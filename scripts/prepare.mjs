// `prepare` runs on `npm install` in a clone, and again when `npx tracelight` links the project into npm's cache.
// Build only when dist/ is missing or older than the sources, so the second run costs nothing.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const outputs = ['dist/lib/index.js', 'dist/lib/node.cjs', 'dist/viewer/cli.js', 'dist/ui/index.html'];
const sources = ['lib', 'viewer', 'package.json', 'tsup.config.ts', 'vite.config.ts'];

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

// The generated source the library needs even unbuilt (tests run it from source).
spawnSync(process.execPath, ['scripts/write-tracer-version.mjs'], { stdio: 'inherit' });

const built = outputs.every((file) => existsSync(file));
const upToDate = built && Math.min(...outputs.map((f) => statSync(f).mtimeMs)) >= Math.max(...sources.map(newest));
if (upToDate) {
  console.log('tracelight: dist/ is up to date, skipping the build');
} else {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
