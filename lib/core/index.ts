// `tracelight/core`: the same API as `tracelight`, with no built-in provider. An app names what it calls
// (`init({ providers: [openai()] })`, adapters from `tracelight/openai`, `tracelight/anthropic`, ...) and its bundle
// carries nothing else.
import { createEdgePlatformHooks } from '../platform/edge/edge-platform-hooks.js';
import type { InitOptions } from '../options/init-options.js';
import { setupTracing } from '../config/setup-tracing.js';
import { coreKit } from '../fetch/core-fetch.js';

export * from '../public-api.js';
export { wrapFetch, tracedFetch } from '../fetch/core-fetch.js';
export { flush, shutdown } from '../index.js';

/**
 * Sets up tracing (default/edge entry: no Node built-ins; env from `process.env` only where the runtime has it): a tracer provider with an OTLP/HTTP exporter, registered globally (so other OTel
 * instrumentations nest with our spans), and, unless `patchFetch: false`, a patched `globalThis.fetch` that turns
 * the calls of the providers named in `providers` (and only those: `tracelight/core` bundles no adapter) into GenAI spans. Calling it again is harmless (the first configuration stays). Never throws.
 *
 * @example
 * import { init } from 'tracelight/core';
 * import { openai } from 'tracelight/openai';
 * init({ serviceName: 'support-bot', providers: [openai()] });
 */
export function init(options: InitOptions = {}): void {
  setupTracing(options ?? {}, createEdgePlatformHooks(), coreKit);
}
