import { createNodePlatformHooks } from './platform/node/node-platform-hooks.js';
import type { InitOptions } from './options/init-options.js';
import { setupTracing, flushTracing, shutdownTracing } from './config/setup-tracing.js';
import { defaultKit } from './fetch/default-fetch.js';

export * from './public-api.js';
export { wrapFetch, tracedFetch } from './fetch/default-fetch.js';

/**
 * Sets up tracing for Node (options and OTel/Traceloop environment variables, protobuf export, AsyncLocalStorage context, flush on exit): a tracer provider with an OTLP/HTTP exporter, registered globally (so other OTel
 * instrumentations nest with our spans), and, unless `patchFetch: false`, a patched `globalThis.fetch` that turns
 * every LLM call into a GenAI span. Calling it again is harmless (the first configuration stays). Never throws.
 *
 * @example
 * import { init } from 'tracelight';
 * init({ serviceName: 'support-bot' });
 */
export function init(options: InitOptions = {}): void {
  setupTracing(options ?? {}, createNodePlatformHooks(), defaultKit);
}

/**
 * Exports every finished span now. Never rejects. Also runs on `beforeExit`, SIGTERM and SIGINT.
 *
 * @example
 * await flush();
 */
export function flush(): Promise<void> {
  return flushTracing();
}

/**
 * Flushes, shuts the exporter down, unpatches fetch and removes exit hooks; `init` may be called again after.
 * Never rejects.
 *
 * @example
 * await shutdown();
 */
export function shutdown(): Promise<void> {
  return shutdownTracing();
}
