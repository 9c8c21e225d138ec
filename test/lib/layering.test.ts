// lib/ is layered: each folder imports only its own files and folders of lower layers, so nothing forms a cycle and
// a change low down never needs anything above it. This walks every import of lib/ (static, re-exports, dynamic) with
// TypeScript's own pre-parser and fails on a file-level cycle, an import of a higher or same-layer folder, a folder
// the layers below do not place, a platform reaching into another platform, a provider family reaching into another
// family, and Node built-ins outside the Node-only code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const LIB = resolve(import.meta.dirname, '../../lib');

/** Lowest first. Root files (`lib/*.ts`: the entries, `public-api.ts`) and `core/` are the entries, on top. */
const LAYERS: string[][] = [
  ['content', 'protobuf'], // content options, serialization, secret scrubbing; the protobuf wire writer
  ['providers'], // the neutral adapter and call-tracer contracts, the wire-format adapters
  ['options'], // what `init` and `wrapFetch` take, and how options and environment resolve
  ['state'], // the runtime state `init` writes and calls read
  ['streaming', 'spans'], // body observation and framing; span building and the semconv names
  ['context', 'export', 'forward'], // context helpers and managers; exporters and processors; forwarding
  ['mcp', 'receive'], // MCP call tracing; OTLP receiving
  ['fetch', 'relay'], // the fetch instrumentation; the production relay
  ['platform'], // per-platform hooks: platform/node, platform/browser, platform/edge
  ['config'], // the composition root: setupTracing
  ['(entries)'],
];
/** Folders whose files may import Node built-ins (`node:`): the Node platform and the Node-only relay. */
const NODE_ONLY = ['platform/node/', 'relay/'];

function listTs(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = spec.endsWith('.js') ? [base.slice(0, -3) + '.ts'] : [base + '.ts', join(base, 'index.ts'), base];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

const rel = (file: string) => relative(LIB, file).split('\\').join('/');
const folderOf = (file: string) => {
  const parts = rel(file).split('/');
  return parts.length === 1 || parts[0] === 'core' ? '(entries)' : parts[0]!;
};
const layerOf = (folder: string) => LAYERS.findIndex((names) => names.includes(folder));

const files = listTs(LIB);
const imports = new Map<string, { spec: string; target?: string }[]>();
for (const file of files) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  imports.set(
    file,
    info.importedFiles.map(({ fileName }) => ({ spec: fileName, target: fileName.startsWith('.') ? resolveImport(file, fileName) : undefined })),
  );
}

test('every folder of lib/ has a layer', () => {
  const unplaced = [...new Set(files.map(folderOf))].filter((f) => layerOf(f) === -1);
  assert.deepEqual(unplaced, [], 'add new folders to LAYERS in this test');
});

test('every relative import of lib/ resolves to a file in lib/', () => {
  const bad = files.flatMap((file) =>
    imports.get(file)!.filter((i) => i.spec.startsWith('.') && (!i.target || rel(i.target).startsWith('..'))).map((i) => `${rel(file)} -> ${i.spec}`),
  );
  assert.deepEqual(bad, []);
});

test('imports go down the layers only (or stay in their folder)', () => {
  const upward: string[] = [];
  for (const file of files) {
    const from = folderOf(file);
    for (const { target } of imports.get(file)!) {
      if (!target) continue;
      const to = folderOf(target);
      if (to !== from && layerOf(to) >= layerOf(from)) upward.push(`${rel(file)} -> ${rel(target)} (${from} may not import ${to})`);
    }
  }
  assert.deepEqual(upward, []);
});

test('a platform imports no other platform; a provider family no other family', () => {
  const crossing: string[] = [];
  const own = (file: string, root: string, shared: string[]) => {
    const [top, sub] = rel(file).split('/');
    return top === root && sub && !sub.endsWith('.ts') && !shared.includes(sub) ? sub : undefined;
  };
  for (const [root, shared] of [['platform', []], ['providers', ['shared']]] as const) {
    for (const file of files) {
      const mine = own(file, root, [...shared]);
      if (!mine) continue;
      for (const { target } of imports.get(file)!) {
        const theirs = target && own(target, root, [...shared]);
        if (theirs && theirs !== mine) crossing.push(`${rel(file)} -> ${rel(target!)}`);
      }
    }
  }
  assert.deepEqual(crossing, []);
});

test('Node built-ins only in the Node platform, its entries and the relay', () => {
  const nodeOnly = (file: string) => NODE_ONLY.some((p) => rel(file).startsWith(p)) || ['node.ts', 'core/node.ts'].includes(rel(file));
  const bad = files.filter((f) => !nodeOnly(f) && imports.get(f)!.some((i) => i.spec.startsWith('node:'))).map(rel);
  assert.deepEqual(bad, []);
});

test('no import cycle between files of lib/', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const visit = (file: string, path: string[]) => {
    state.set(file, 'open');
    for (const { target } of imports.get(file)!) {
      if (!target || !imports.has(target)) continue;
      const s = state.get(target);
      if (s === 'open') cycles.push([...path.slice(path.indexOf(target)), file, target].map(rel).join(' -> '));
      else if (!s) visit(target, [...path, file]);
    }
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file, []);
  assert.deepEqual(cycles, []);
});
