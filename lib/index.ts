import { createEdgePlatformHooks } from './platform/edge/edge-platform-hooks.js';
import type { InitOptions } from './options/init-options.js';
import { setupTracing, flushTracing, shutdownTracing } from './config/setup-tracing.js';
import { defaultKit } from './fetch/default-fetch.js';

export * from './public-api.js';
export { wrapFetch, tracedFetch } from './fetch/default-fetch.js';

/**
 * Sets up tracing (default/edge entry: no Node built-ins; env from `process.env` only where the runtime has it): a tracer provider with an OTLP/HTTP exporter, registered globally (so other OTel
 * instrumentations nest with our spans), and, unless `patchFetch: false`, a patched `globalThis.fetch` that turns
 * every LLM call into a GenAI span. Calling it again is harmless (the first configuration stays). Never throws.
 *
 * @example
 * import { init } from 'tracelight';
 * init({ serviceName: 'support-bot' });
 */
export function init(options: InitOptions = {}): void {
  setupTracing(options ?? {}, createEdgePlatformHooks(), defaultKit);
}

/**
 * Exports every finished span now. Never rejects. In edge runtimes pass it to `waitUntil`: `ctx.waitUntil(flush())`.
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
