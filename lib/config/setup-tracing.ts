import { context, diag, propagation, trace, type ContextManager, type TracerProvider } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { InitOptions } from './init-options';
import type { ResolvedConfig } from './resolve-options-config';
import { getRuntimeState, updateRuntimeState } from './runtime-state';
import { compileUrlMatcher } from '../fetch/url-matcher';
import { installFetch } from '../fetch/install-fetch';
import type { WrapFetch } from '../fetch/wrap-fetch';
import { flattenProviders, type Provider } from '../fetch/call-tracer';
import { createQuietExporter } from '../export/quiet-exporter';
import { createExportProcessor } from '../export/create-export-processor';
import { createContextAttributesProcessor } from '../context/context-attributes-processor';
import { TRACER_NAME, TRACER_VERSION } from '../spans/get-tracer';

/** A tracer provider as the SDK packages build them. */
export interface SdkTracerProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What differs per platform entry (DESIGN convention 3: hooks differ, API shape does not). */
export interface PlatformHooks {
  /** Options (plus environment variables where there are any) to export config; see `resolveExportConfig`. */
  resolveConfig(options: InitOptions): ResolvedConfig;
  createExporter(config: ResolvedConfig): SpanExporter;
  createProvider(config: { resource: ReturnType<typeof resourceFromAttributes>; spanProcessors: SpanProcessor[] }): SdkTracerProvider;
  /** Registers provider, context manager and propagator globally; returns false if another provider was there. */
  register(provider: SdkTracerProvider, contextManager: ContextManager | undefined): boolean;
  /** Flushes on process exit / page hide; returns a remover. */
  installFlushHooks(flush: () => Promise<void>): () => void;
}

/** What an entry traces with: its `wrapFetch` and the providers used after the ones the app names. */
export interface FetchKit {
  wrapFetch: WrapFetch;
  /** Every built-in adapter and MCP in the default entries; none in `tracelight/core`. */
  defaults(): readonly Provider[];
}

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
      providers: [...flattenProviders(options.providers), ...kit.defaults()],
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
