import { ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { bindToContext, type AsyncVariable } from './variable-context-manager.js';

/** An async variable that can also be switched off again (Node's `AsyncLocalStorage#disable`). */
export interface DisableableAsyncVariable extends AsyncVariable {
  disable(): void;
}

/** A context manager that can be told an export is in flight; see `createLazyAsyncContextManager`. */
export interface LazyAsyncContextManager extends ContextManager {
  /**
   * Called by an exporter when an export starts (inside the processor's `context.with(suppressTracing(...))`);
   * returns the function to call when it is done. Keeps the async variable on until then.
   */
  holdForExport(): () => void;
  /** Whether the async variable is on right now (for tests and diagnostics). */
  readonly asyncActive: boolean;
}

/**
 * A context manager over an async variable (Node's `AsyncLocalStorage`) that leaves the variable off until context
 * really has to follow `await`. In Node 20 the first `AsyncLocalStorage#run` switches on promise hooks for the whole
 * process, which costs every promise of the app, so we pay that only when needed:
 *
 * - any context with a span, association properties or anything else (our `withWorkflow`, `withAssociationProperties`,
 *   `continueTrace`, another OTel instrumentation) switches the variable on for good;
 * - the batch processor's export, run in a bare `suppressTracing(ROOT)` context, switches it on only while an exporter
 *   that reports its exports (`holdForExport`, our quiet exporter does) has one in flight, so an OTel http
 *   instrumentation still sees the exporter's requests as suppressed. An export nobody reports on (a processor of the
 *   user's own with a foreign exporter) keeps it on for good, as before: we cannot tell when that export ends.
 *
 * @example
 * const als = new AsyncLocalStorage<Context>();
 * context.setGlobalContextManager(createLazyAsyncContextManager({
 *   get: () => als.getStore(), run: (v, fn) => als.run(v, fn), disable: () => als.disable(),
 * }).enable());
 */
export function createLazyAsyncContextManager(variable: DisableableAsyncVariable): LazyAsyncContextManager {
  let enabled = false;
  let on = false; // the variable is running
  let forGood = false; // some code needs context across `await`
  let holds = 0; // exports in flight
  let holdsTaken = 0; // exports ever started, to see whether a `with` started one

  const switchOff = () => {
    if (on && !forGood && holds === 0) {
      on = false;
      variable.disable();
    }
  };

  const manager: LazyAsyncContextManager = {
    get asyncActive() {
      return on;
    },
    active: () => (on ? variable.get() ?? ROOT_CONTEXT : ROOT_CONTEXT),
    with(ctx, fn, thisArg, ...args) {
      if (!enabled) return fn.call(thisArg, ...args);
      const current = manager.active();
      if (ctx === current) return fn.call(thisArg, ...args);
      if (forGood) return variable.run(ctx, () => fn.call(thisArg, ...args));
      const exportOnly = current === ROOT_CONTEXT && isTracingSuppressed(ctx) && !trace.getSpan(ctx);
      if (!exportOnly) forGood = true;
      on = true;
      if (!exportOnly) return variable.run(ctx, () => fn.call(thisArg, ...args));
      const before = holdsTaken;
      try {
        return variable.run(ctx, () => fn.call(thisArg, ...args));
      } finally {
        // Nobody reported an export: it may still be running, and only the variable carries its suppression.
        if (holdsTaken === before) forGood = true;
        else switchOff();
      }
    },
    bind: (ctx, target) => bindToContext(manager, ctx, target),
    holdForExport() {
      holds++;
      holdsTaken++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holds--;
        switchOff();
      };
    },
    enable() {
      enabled = true;
      return manager;
    },
    disable() {
      enabled = false;
      forGood = false;
      holds = 0;
      if (on) {
        on = false;
        variable.disable(); // promise hooks off again once the last AsyncLocalStorage is
      }
      return manager;
    },
  };
  return manager;
}
