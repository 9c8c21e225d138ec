import { createBrowserPlatformHooks } from './platform/browser/browser-platform-hooks.js';
import type { InitOptions } from './options/init-options.js';
import { setupTracing, flushTracing, shutdownTracing } from './config/setup-tracing.js';
import { defaultKit } from './fetch/default-fetch.js';

export * from './public-api.js';
export { wrapFetch, tracedFetch } from './fetch/default-fetch.js';

/**
 * Sets up tracing in the browser (`sdk-trace-web`, JSON export, flush on `pagehide`/hidden): a tracer provider with an OTLP/HTTP exporter, registered globally (so other OTel
 * instrumentations nest with our spans), and, unless `patchFetch: false`, a patched `globalThis.fetch` that turns
 * every LLM call into a GenAI span. Calling it again is harmless (the first configuration stays). Never throws.
 *
 * Context in the browser: Chromium ships no native `AsyncContext`, so by default the active span follows synchronous
 * code only; a call made after an `await` inside `withWorkflow` starts a new trace. To keep context across `await`,
 * pass `contextManager: new ZoneContextManager()` from `@opentelemetry/context-zone` (with `zone.js`); a runtime
 * that has `AsyncContext` is used automatically.
 *
 * @example
 * import { init } from 'tracelight';
 * init({ serviceName: 'support-bot', endpoint: 'http://localhost:4318', propagateTraceTo: [location.origin] });
 */
export function init(options: InitOptions = {}): void {
  setupTracing(options ?? {}, createBrowserPlatformHooks(), defaultKit);
}

/**
 * Exports every finished span now. Never rejects. Also runs on `pagehide` and when the page is hidden.
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
