import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM and CJS, with types, per platform entry (package.json `exports` conditions).
    entry: {
      index: 'lib/index.ts',
      node: 'lib/node.ts',
      browser: 'lib/browser.ts',
      relay: 'lib/relay.ts',
    },
    outDir: 'dist/lib',
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    splitting: false,
    treeshake: true,
  },
  {
    // The viewer server and CLI: Node only, ESM.
    // The JSON worker is its own file: `convert-otlp-json.ts` starts it by URL next to the CLI.
    entry: { cli: 'viewer/server/cli.ts', 'otlp-json-worker': 'viewer/server/otlp-json-worker.ts' },
    outDir: 'dist/viewer',
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: true,
    // Split so the demo (and the SDKs it bundles) loads only with --demo: a plain start stays small and fast.
    splitting: true,
  },
]);
