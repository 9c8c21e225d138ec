import { context, diag, propagation, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { InitOptions } from '../options/init-options.js';
import type { PlatformHooks } from '../platform/platform-hooks.js';
import { getRuntimeState, updateRuntimeState } from '../state/runtime-state.js';
import { compileUrlMatcher } from '../options/url-matcher.js';
import { installFetch } from '../fetch/install-fetch.js';
import type { FetchKit } from '../fetch/fetch-kit.js';
import { mergeProviders } from '../providers/call-tracer.js';
import { createQuietExporter } from '../export/quiet-exporter.js';
import { createExportProcessor } from '../export/create-export-processor.js';
import { createContextAttributesProcessor } from '../context/context-attributes-processor.js';
import { TRACER_NAME, TRACER_VERSION } from '../spans/get-tracer.js';

/**
 * The shared body of every entry's `init`: resolve config, build exporter + processors + provider, register them,
 * patch fetch. Never throws; a second call while initialized only logs.
 *
 * @example
 * setupTracing({ serviceName: 'bot' }, nodeHooks, { wrapFetch, defaults: defaultProviders });
 */
export function setupTracing(options: InitOptions, hooks: PlatformHooks, kit: FetchKit): void {
  try {
    const state = getRuntimeState();
    if (state.initialized) {
      diag.debug('tracelight: init called again; keeping the first configuration');
      return;
    }
    const config = hooks.resolveConfig(options);
    const exportProcessors = options.spanProcessors ?? [
      createExportProcessor(createQuietExporter(options.exporter ?? hooks.createExporter(config), config.url), config.exportMode),
    ];
    const resource = resourceFromAttributes({ 'service.name': config.serviceName, ...options.resourceAttributes });
    const provider = hooks.createProvider({
      resource,
      spanProcessors: [createContextAttributesProcessor(), ...exportProcessors],
    });
    const registered = hooks.register(provider, options.contextManager);
    if (!registered) diag.warn('tracelight: another OTel tracer provider is registered; Tracelight spans use their own');
    const disposers: Array<() => void> = [];
    if (registered) {
      disposers.push(() => {
        trace.disable();
        context.disable();
        propagation.disable();
      });
    }
    const content = {
      captureContent: config.captureContent,
      maxContentLength: config.maxContentLength,
      redact: options.redact,
    };
    updateRuntimeState({
      initialized: true,
      tracerProvider: provider,
      tracer: provider.getTracer(TRACER_NAME, TRACER_VERSION),
      providers: mergeProviders(options.providers, kit.defaults()),
      content,
      propagateTraceTo: compileUrlMatcher(options.propagateTraceTo),
      unreadResponseTimeoutMs: options.unreadResponseTimeoutMs,
      disposers,
    });
    disposers.push(hooks.installFlushHooks(flushTracing));
    if (options.patchFetch !== false) disposers.push(installFetch(kit.wrapFetch));
  } catch (error) {
    diag.error('tracelight: init failed; LLM calls run untraced', error);
  }
}

/**
 * Exports every finished span now. Never rejects; resolves at once when nothing is set up.
 *
 * @example
 * ctx.waitUntil(flushTracing());
 */
export async function flushTracing(): Promise<void> {
  try {
    await getRuntimeState().tracerProvider?.forceFlush?.();
  } catch (error) {
    diag.debug('tracelight: flush failed', error);
  }
}

/**
 * Flushes, shuts the provider down, unpatches fetch and removes hooks, so `init` can run again. Never rejects.
 *
 * @example
 * await shutdownTracing();
 */
export async function shutdownTracing(): Promise<void> {
  const state = getRuntimeState();
  const provider = state.tracerProvider;
  const disposers = state.disposers;
  updateRuntimeState({
    initialized: false,
    tracerProvider: undefined,
    tracer: undefined,
    providers: undefined,
    propagateTraceTo: undefined,
    unreadResponseTimeoutMs: undefined,
    holdForExport: undefined,
    disposers: [],
  });
  try {
    await provider?.shutdown?.();
  } catch (error) {
    diag.debug('tracelight: shutdown failed', error);
  }
  for (const dispose of disposers.reverse()) {
    try {
      dispose();
    } catch {
      // keep going
    }
  }
}
