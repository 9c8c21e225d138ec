import { context, propagation, trace, type ContextManager, type TracerProvider } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * Registers our provider, context manager and W3C propagators globally, so other OTel instrumentations (e.g. the
 * Vercel AI SDK's telemetry) create spans in the same traces. When the app already registered a provider, nothing
 * global is touched (its context manager stays) and false is returned.
 *
 * @example
 * const registered = registerGlobals(provider, createStackContextManager());
 */
export function registerGlobals(provider: TracerProvider, contextManager: ContextManager): boolean {
  if (!trace.setGlobalTracerProvider(provider)) return false;
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
  return true;
}
