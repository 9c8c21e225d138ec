import { ROOT_CONTEXT, type Context, type ContextManager } from '@opentelemetry/api';

/** The part of `AsyncLocalStorage` / TC39 `AsyncContext.Variable` we need. */
export interface AsyncVariable {
  get(): Context | undefined;
  run<R>(value: Context, fn: () => R): R;
}

/**
 * A context manager over whatever async-context primitive the runtime offers, without importing Node built-ins:
 * `globalThis.AsyncLocalStorage` (Vercel Edge, Deno, Bun, Cloudflare with `nodejs_als`), then TC39
 * `AsyncContext.Variable` where a runtime ships it. Returns undefined when neither exists; the caller then falls back to
 * a synchronous stack, with which context does not survive `await` (pass spans explicitly or use a zone there).
 *
 * @example
 * const cm = createAsyncVariableContextManager();
 * if (cm) context.setGlobalContextManager(cm.enable());
 */
export function createAsyncVariableContextManager(): ContextManager | undefined {
  const g = globalThis as {
    AsyncLocalStorage?: new () => { getStore(): Context | undefined; run<R>(v: Context, fn: () => R): R; disable?(): void };
    AsyncContext?: { Variable: new () => { get(): Context | undefined; run<R>(v: Context, fn: () => R): R } };
  };
  let variable: AsyncVariable | undefined;
  if (typeof g.AsyncLocalStorage === 'function') {
    const als = new g.AsyncLocalStorage();
    variable = { get: () => als.getStore(), run: (v, fn) => als.run(v, fn) };
  } else if (g.AsyncContext && typeof g.AsyncContext.Variable === 'function') {
    const v = new g.AsyncContext.Variable();
    variable = { get: () => v.get(), run: (value, fn) => v.run(value, fn) };
  }
  return variable ? createVariableContextManager(variable) : undefined;
}

/**
 * A synchronous-stack context manager: context flows through nested calls, not across `await`.
 *
 * @example
 * context.setGlobalContextManager(createStackContextManager().enable());
 */
export function createStackContextManager(): ContextManager {
  let current: Context = ROOT_CONTEXT;
  return createVariableContextManager({
    get: () => current,
    run(value, fn) {
      const previous = current;
      current = value;
      try {
        return fn();
      } finally {
        current = previous;
      }
    },
  });
}

/**
 * A context manager over any "async variable" (`get` + `run`), e.g. Node's `AsyncLocalStorage`.
 *
 * @example
 * const als = new AsyncLocalStorage<Context>();
 * createVariableContextManager({ get: () => als.getStore(), run: (v, fn) => als.run(v, fn) });
 */
export function createVariableContextManager(variable: AsyncVariable): ContextManager {
  let enabled = false;
  const manager: ContextManager = {
    active: () => (enabled ? variable.get() ?? ROOT_CONTEXT : ROOT_CONTEXT),
    with(ctx, fn, thisArg, ...args) {
      if (!enabled) return fn.call(thisArg, ...args);
      return variable.run(ctx, () => fn.call(thisArg, ...args));
    },
    bind: (ctx, target) => bindToContext(manager, ctx, target),
    enable() {
      enabled = true;
      return manager;
    },
    disable() {
      enabled = false;
      return manager;
    },
  };
  return manager;
}

/**
 * `ContextManager#bind` for any manager: a function that runs `target` inside `ctx`; non-functions are returned as is.
 * @example
 * bind: (ctx, target) => bindToContext(manager, ctx, target),
 */
export function bindToContext<T>(manager: ContextManager, ctx: Context, target: T): T {
  if (typeof target !== 'function') return target;
  const fn = target as unknown as (...a: unknown[]) => unknown;
  return function (this: unknown, ...a: unknown[]) {
    return manager.with(ctx, () => fn.apply(this, a));
  } as unknown as T;
}
