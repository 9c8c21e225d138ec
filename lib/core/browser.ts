// `tracelight/core`: the same API as `tracelight`, with no built-in provider. An app names what it calls
// (`init({ providers: [openai()] })`, adapters from `tracelight/openai`, `tracelight/anthropic`, ...) and its bundle
// carries nothing else.
import { createBrowserPlatformHooks } from '../platform/browser/browser-platform-hooks.js';
import type { InitOptions } from '../options/init-options.js';
import { setupTracing } from '../config/setup-tracing.js';
import { coreKit } from '../fetch/core-fetch.js';

export * from '../public-api.js';
export { wrapFetch, tracedFetch } from '../fetch/core-fetch.js';
export { flush, shutdown } from '../browser.js';

/**
 * Sets up tracing in the browser (`sdk-trace-web`, JSON export, flush on `pagehide`/hidden): a tracer provider with an OTLP/HTTP exporter, registered globally (so other OTel
 * instrumentations nest with our spans), and, unless `patchFetch: false`, a patched `globalThis.fetch` that turns
 * the calls of the providers named in `providers` (and only those: `tracelight/core` bundles no adapter) into GenAI spans. Calling it again is harmless (the first configuration stays). Never throws.
 *
 * Context in the browser: Chromium ships no native `AsyncContext`, so by default the active span follows synchronous
 * code only; a call made after an `await` inside `withWorkflow` starts a new trace. To keep context across `await`,
 * pass `contextManager: new ZoneContextManager()` from `@opentelemetry/context-zone` (with `zone.js`); a runtime
 * that has `AsyncContext` is used automatically.
 *
 * @example
 * import { init } from 'tracelight/core';
 * import { openai } from 'tracelight/openai';
 * init({ serviceName: 'support-bot', endpoint: 'http://localhost:4318', providers: [openai()] });
 */
export function init(options: InitOptions = {}): void {
  setupTracing(options ?? {}, createBrowserPlatformHooks(), coreKit);
}
