import process from 'node:process';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { PlatformHooks } from '../platform-hooks';
import { resolveExportConfig } from '../../options/resolve-export-config';
import { registerGlobals } from '../register-globals';
import { createOtlpExporter } from '../../export/create-otlp-exporter';
import { createLazyAsyncContextManager } from '../../context/lazy-async-context-manager';
import { updateRuntimeState } from '../../state/runtime-state';
import { installNodeFlushHooks } from './node-flush-hooks';

/**
 * Node's platform hooks: env configuration, protobuf export by default (the exporters' Node HTTP transport, which
 * never goes through `fetch`), AsyncLocalStorage context, and flush on exit.
 *
 * @example
 * setupTracing(options, createNodePlatformHooks());
 */
export function createNodePlatformHooks(): PlatformHooks {
  return {
    resolveConfig: (options) => resolveExportConfig(options, process.env, 'http/protobuf'),
    createExporter: createOtlpExporter,
    createProvider: (config) => new NodeTracerProvider(config),
    register(provider, contextManager) {
      if (contextManager) return registerGlobals(provider, contextManager);
      // AsyncLocalStorage stays off (no promise hooks) until context has to follow `await`; see the manager.
      const als = new AsyncLocalStorage<Context>();
      const manager = createLazyAsyncContextManager({
        get: () => als.getStore(),
        run: (v, fn) => als.run(v, fn),
        disable: () => als.disable(),
      });
      const registered = registerGlobals(provider, manager);
      if (registered) updateRuntimeState({ holdForExport: () => manager.holdForExport() });
      return registered;
    },
    installFlushHooks: installNodeFlushHooks,
  };
}
