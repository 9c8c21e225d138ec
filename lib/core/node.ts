// `tracelight/core`: the same API as `tracelight`, with no built-in provider. An app names what it calls
// (`init({ providers: [openai()] })`, adapters from `tracelight/openai`, `tracelight/anthropic`, ...) and its bundle
// carries nothing else.
import { createNodePlatformHooks } from '../platform/node/node-platform-hooks.js';
import type { InitOptions } from '../options/init-options.js';
import { setupTracing } from '../config/setup-tracing.js';
import { coreKit } from '../fetch/core-fetch.js';

export * from '../public-api.js';
export { wrapFetch, tracedFetch } from '../fetch/core-fetch.js';
export { flush, shutdown } from '../node.js';

/**
 * Sets up tracing for Node (options and OTel/Traceloop environment variables, protobuf export, AsyncLocalStorage context, flush on exit): a tracer provider with an OTLP/HTTP exporter, registered globally (so other OTel
 * instrumentations nest with our spans), and, unless `patchFetch: false`, a patched `globalThis.fetch` that turns
 * the calls of the providers named in `providers` (and only those: `tracelight/core` bundles no adapter) into GenAI spans. Calling it again is harmless (the first configuration stays). Never throws.
 *
 * @example
 * import { init } from 'tracelight/core';
 * import { openai } from 'tracelight/openai';
 * init({ serviceName: 'support-bot', providers: [openai()] });
 */
export function init(options: InitOptions = {}): void {
  setupTracing(options ?? {}, createNodePlatformHooks(), coreKit);
}
