import process from 'node:process';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { PlatformHooks } from '../platform-hooks.js';
import { resolveExportConfig } from '../../options/resolve-export-config.js';
import { registerGlobals } from '../register-globals.js';
import { createNodeOtlpExporter } from './create-node-otlp-exporter.js';
import { createLazyAsyncContextManager } from '../../context/lazy-async-context-manager.js';
import { updateRuntimeState } from '../../state/runtime-state.js';
import { installNodeFlushHooks } from './node-flush-hooks.js';

/**
 * Node's platform hooks: env configuration, protobuf export by default (OpenTelemetry's Node HTTP transport, which
 * never goes through `fetch`, with our span encoder), AsyncLocalStorage context, and flush on exit.
 *
 * @example
 * setupTracing(options, createNodePlatformHooks());
 */
export function createNodePlatformHooks(): PlatformHooks {
  return {
    resolveConfig: (options) => resolveExportConfig(options, process.env, 'http/protobuf'),
    createExporter: createNodeOtlpExporter,
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
