// Browser bundle sizes (esbuild, minified, gzip -9) of apps bundled from the built package through its `exports`,
// as an app's bundler resolves it, over the OpenTelemetry floor every OTel web app pays (sdk-trace-web + the OTLP/HTTP
// exporter). `node --import tsx bench/lib-bundle.ts`; figures only.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

const FLOOR = `
  import { WebTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-web';
  import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
  new WebTracerProvider({ spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] }).register();`;

/** The apps measured, each a whole program as a page would bundle it. */
export const BUNDLE_APPS = {
  floor: FLOOR,
  'default entry, every adapter (zero-config)': `
    import { init, tracedFetch, flush, withWorkflow, withAssociationProperties, continueTrace } from 'tracelight';
    init(); globalThis.x = [tracedFetch, flush, withWorkflow, withAssociationProperties, continueTrace];`,
  'tracelight/core + openai() (an app naming its provider)': `
    import { init, flush } from 'tracelight/core';
    import { openai } from 'tracelight/openai';
    init({ providers: [openai()] }); globalThis.x = flush;`,
  'tracelight/core + openai(), all helpers': `
    import { init, tracedFetch, flush, withWorkflow, withAssociationProperties, continueTrace } from 'tracelight/core';
    import { openai } from 'tracelight/openai';
    init({ providers: [openai()] }); globalThis.x = [tracedFetch, flush, withWorkflow, withAssociationProperties, continueTrace];`,
  'tracelight/core, no provider': `
    import { init, flush } from 'tracelight/core';
    init(); globalThis.x = flush;`,
  'withWorkflow alone (tree-shaking)': `
    import { withWorkflow } from 'tracelight'; globalThis.x = withWorkflow;`,
  '@opentelemetry/instrumentation-fetch (HTTP spans, no GenAI)': `${FLOOR}
    import { registerInstrumentations } from '@opentelemetry/instrumentation';
    import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
    registerInstrumentations({ instrumentations: [new FetchInstrumentation()] });`,
} as const;

/** Gzipped bytes of each app (the floor included in every app that sets tracing up). */
export async function measureBundles(): Promise<Record<keyof typeof BUNDLE_APPS, number>> {
  const esbuild = await import('esbuild');
  const out = {} as Record<keyof typeof BUNDLE_APPS, number>;
  for (const [name, contents] of Object.entries(BUNDLE_APPS) as Array<[keyof typeof BUNDLE_APPS, string]>) {
    const built = await esbuild.build({
      stdin: { contents, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    out[name] = gzipSync(built.outputFiles[0]!.contents, { level: 9 }).byteLength;
  }
  return out;
}

/** Prints the sizes over the floor next to the aims. */
export function printBundles(sizes: Record<keyof typeof BUNDLE_APPS, number>): void {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const over = (n: number) => `${n - sizes.floor >= 0 ? '+' : ''}${((n - sizes.floor) / 1024).toFixed(1)} KB`;
  const aims: Partial<Record<keyof typeof BUNDLE_APPS, string>> = {
    'default entry, every adapter (zero-config)': '<= +14 KB',
    'tracelight/core + openai() (an app naming its provider)': '<= +8 KB',
  };
  console.log(`\nbrowser bundles (esbuild, minified, gzip -9; from the built package through its exports). OTel floor (sdk-trace-web + exporter-trace-otlp-http): ${kb(sizes.floor)}`);
  for (const [name, size] of Object.entries(sizes) as Array<[keyof typeof BUNDLE_APPS, number]>) {
    if (name === 'floor') continue;
    const shaken = name.startsWith('withWorkflow');
    console.log(`  ${name.padEnd(62)} ${kb(size).padStart(8)}  ${shaken ? '(whole bundle)' : `over the floor ${over(size)}`}${aims[name] ? `  aim ${aims[name]}` : ''}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  printBundles(await measureBundles());
}
