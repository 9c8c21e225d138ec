import type { ContextManager, TracerProvider } from '@opentelemetry/api';
import type { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { InitOptions } from '../options/init-options.js';
import type { ResolvedConfig } from '../options/resolve-options-config.js';

/** A tracer provider as the SDK packages build them. */
export interface SdkTracerProvider extends TracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** What differs per platform entry: the hooks differ, the API each entry exports does not. */
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
