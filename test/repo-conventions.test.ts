// The repository explains itself and keeps one way of doing each thing (docs/architecture.md#conventions): design
// citations name sections that exist, nothing points at a file outside the repo, shipped code does not reach into
// examples/ or test/, test helpers live in one folder, and relative imports use one style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', '.git', '.runtimes', 'dist']);

function walk(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.has(name)) return [];
    if (statSync(path).isDirectory()) return walk(path, keep);
    return keep(path) ? [path] : [];
  });
}
const rel = (path: string) => relative(ROOT, path).split('\\').join('/');
const isSource = (path: string) => /\.(ts|tsx|mts|mjs|js|cjs|md|json)$/.test(path) && !path.endsWith('package-lock.json');
const SOURCE_DIRS = ['lib', 'viewer', 'bin', 'scripts', 'examples', 'bench', 'test', 'docs', '.ci'];
const sources = [...SOURCE_DIRS.flatMap((d) => walk(join(ROOT, d), isSource)), join(ROOT, 'README.md')].filter(
  (path) => !rel(path).startsWith('test/fixtures/') && !rel(path).startsWith('viewer/fake-provider/recordings/'),
);

/** GitHub's anchor for a Markdown heading. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

test('every citation of docs/architecture.md names a section that exists', () => {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const anchors = new Set([...doc.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1]!)));
  assert.ok(anchors.has('data-path') && anchors.has('layers') && anchors.has('contracts') && anchors.has('conventions'));
  const citations = sources.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/docs\/architecture\.md(#[\w-]+)?/g)].map((m) => ({ file: rel(file), anchor: m[1] })),
  );
  assert.ok(citations.some((c) => c.anchor), 'the code cites the design by section');
  const dangling = citations.filter((c) => c.anchor && !anchors.has(c.anchor.slice(1))).map((c) => `${c.file}: ${c.anchor}`);
  assert.deepEqual(dangling, []);
});

test('nothing cites a design file outside the repo, in the sources or the built package', () => {
  const outside = /\bDESIGN\b/;
  const built = walk(join(ROOT, 'dist'), (path) => /\.(d\.ts|d\.cts|js|cjs)$/.test(path));
  const citing = [...sources, ...built]
    .filter((file) => rel(file) !== 'test/repo-conventions.test.ts')
    .filter((file) => outside.test(readFileSync(file, 'utf8')))
    .map(rel);
  assert.deepEqual(citing, []);
});

const tsFiles = (dirs: string[]) =>
  dirs.flatMap((d) => walk(join(ROOT, d), (path) => /\.(ts|tsx|mts)$/.test(path) && !path.endsWith('.d.ts')));
const relativeImports = (file: string) =>
  ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'));

test('shipped code (lib/, viewer/, bin/) never imports from examples/ or test/', () => {
  const reaching = tsFiles(['lib', 'viewer', 'bin']).flatMap((file) =>
    relativeImports(file)
      .map((spec) => rel(resolve(dirname(file), spec)))
      .filter((target) => target.startsWith('examples/') || target.startsWith('test/'))
      .map((target) => `${rel(file)} -> ${target}`),
  );
  assert.deepEqual(reaching, []);
});

test('test/ holds test files, shared helpers in test/helpers/, fixtures and runtime apps', () => {
  const stray = walk(join(ROOT, 'test'), () => true)
    .map(rel)
    .filter((path) => !/\.test\.tsx?$/.test(path))
    .filter((path) => !/^test\/(helpers|fixtures|runtimes\/apps)\//.test(path));
  assert.deepEqual(stray, []);
});

test('relative imports name the file with its .js extension (one import style)', () => {
  const wrong = tsFiles(['lib', 'viewer', 'test', 'bench', 'examples']).flatMap((file) =>
    relativeImports(file)
      .filter((spec) => !/\.(js|json|css|mjs|cjs|html|svg)(\?.*)?$/.test(spec))
      .map((spec) => `${rel(file)}: '${spec}'`),
  );
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} imports without an extension`);
});

test('every relative .js import resolves to a source file', () => {
  const broken = tsFiles(['lib', 'viewer', 'test', 'bench', 'examples']).flatMap((file) =>
    relativeImports(file)
      .filter((spec) => spec.endsWith('.js'))
      .filter((spec) => {
        const base = resolve(dirname(file), spec).slice(0, -3);
        return !['.ts', '.tsx', '.js', '.mts'].some((ext) => existsSync(base + ext));
      })
      .map((spec) => `${rel(file)}: '${spec}'`),
  );
  assert.deepEqual(broken, []);
});
