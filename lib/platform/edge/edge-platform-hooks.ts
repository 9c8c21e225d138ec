import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { PlatformHooks } from '../platform-hooks.js';
import { resolveExportConfig, type EnvRecord } from '../../options/resolve-export-config.js';
import { registerGlobals } from '../register-globals.js';
import { createOtlpExporter } from '../../export/create-otlp-exporter.js';
import { createAsyncVariableContextManager, createStackContextManager } from '../../context/variable-context-manager.js';

/**
 * Hooks for the default entry (edge runtimes, workers, bundlers without a platform condition): no Node built-ins,
 * env read from `globalThis.process.env` only where the runtime provides it (Vercel Edge does, Workers do not),
 * JSON export, `AsyncLocalStorage`/`AsyncContext` context where the runtime has it, and no exit hooks: call
 * `flush()` inside `waitUntil`.
 *
 * @example
 * setupTracing(options, createEdgePlatformHooks());
 */
export function createEdgePlatformHooks(): PlatformHooks {
  return {
    resolveConfig: (options) => resolveExportConfig(options, runtimeEnv(), 'http/json'),
    createExporter: createOtlpExporter,
    createProvider: (config) => new BasicTracerProvider(config),
    register: (provider, contextManager) =>
      registerGlobals(provider, contextManager ?? createAsyncVariableContextManager() ?? createStackContextManager()),
    installFlushHooks: () => () => {},
  };
}

function runtimeEnv(): EnvRecord {
  try {
    return (globalThis as { process?: { env?: EnvRecord } }).process?.env ?? {};
  } catch {
    return {};
  }
}
