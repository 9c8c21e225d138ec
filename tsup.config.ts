import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: ESM and CJS, with types, per platform entry (package.json `exports` conditions); `tracelight/core`
    // (no built-in provider) per platform, and one subpath per provider family for apps that name theirs.
    entry: {
      index: 'lib/index.ts',
      node: 'lib/node.ts',
      browser: 'lib/browser.ts',
      relay: 'lib/relay.ts',
      'core/index': 'lib/core/index.ts',
      'core/node': 'lib/core/node.ts',
      'core/browser': 'lib/core/browser.ts',
      openai: 'lib/providers/openai/openai.ts',
      anthropic: 'lib/providers/anthropic/anthropic.ts',
      gemini: 'lib/providers/gemini/gemini.ts',
      ollama: 'lib/providers/ollama/ollama.ts',
      mcp: 'lib/mcp/mcp.ts',
    },
    outDir: 'dist/lib',
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps in the package: the output is not minified, so stack traces read as the source does, and maps
    // were three quarters of the unpacked size.
    sourcemap: false,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    // Whole files, no shared chunks: an app's bundler then minifies across module boundaries (1.3 KB gzipped less for
    // the default entry than with chunks); what `tracelight/core` and a family subpath both carry is a few helpers.
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
    sourcemap: false,
    clean: true,
    // Split so the demo (and the SDKs it bundles) loads only with --demo: a plain start stays small and fast.
    splitting: true,
  },
]);
