import { StackContextManager, WebTracerProvider } from '@opentelemetry/sdk-trace-web';
import { OTLPTraceExporter as OTLPJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { PlatformHooks } from '../platform-hooks.js';
import { resolveOptionsConfig } from '../../options/resolve-options-config.js';
import { registerGlobals } from '../register-globals.js';
import { exportTimeoutFor } from '../../export/export-timeout.js';
import { createAsyncVariableContextManager } from '../../context/variable-context-manager.js';

/**
 * Browser hooks: `sdk-trace-web`, JSON export through the exporter's fetch transport (keepalive, and it calls the
 * unpatched fetch via `__original`), flush on `pagehide` and when the page becomes hidden.
 *
 * Context through `await`: Chromium ships no native `AsyncContext` yet, so by default context follows synchronous
 * calls only (a span started after an `await` inside `withWorkflow` becomes a root). Pass
 * `contextManager: new ZoneContextManager()` (`@opentelemetry/context-zone`, needs `zone.js`) to carry it through
 * `await` of native promises transpiled to ES2015-2016 or Zone-patched promises; a runtime with `AsyncContext` is
 * used automatically.
 *
 * @example
 * setupTracing(options, createBrowserPlatformHooks());
 */
export function createBrowserPlatformHooks(): PlatformHooks {
  return {
    // A page has no environment: options only (keeps the env variable names out of the bundle).
    resolveConfig: (options) => resolveOptionsConfig(options, 'http/json'),
    // Protobuf in the browser would pull protobufjs into the bundle; collectors and the viewer all take JSON.
    createExporter: (config) => new OTLPJsonExporter({ url: config.url, headers: config.headers, timeoutMillis: exportTimeoutFor(config.url) }),
    createProvider: (config) => new WebTracerProvider(config),
    register: (provider, contextManager) =>
      // sdk-trace-web's own stack manager (what `WebTracerProvider.register()` installs) when nothing async exists.
      registerGlobals(provider, contextManager ?? createAsyncVariableContextManager() ?? new StackContextManager()),
    installFlushHooks(flush) {
      const doc = (globalThis as { document?: Document }).document;
      const win = globalThis as unknown as Window;
      if (!doc || typeof win.addEventListener !== 'function') return () => {};
      const onHidden = () => {
        if (doc.visibilityState === 'hidden') void flush();
      };
      const onPageHide = () => void flush();
      doc.addEventListener('visibilitychange', onHidden);
      win.addEventListener('pagehide', onPageHide);
      return () => {
        doc.removeEventListener('visibilitychange', onHidden);
        win.removeEventListener('pagehide', onPageHide);
      };
    },
  };
}
