import type { Tracer, TracerProvider } from '@opentelemetry/api';
import type { Provider } from '../providers/call-tracer.js';
import { DEFAULT_MAX_CONTENT_LENGTH, type ContentOptions } from '../content/content-options.js';
import type { UrlMatcher } from '../options/url-matcher.js';

/** What `init` configured, read by `tracedFetch`, the patched global fetch and the entity helpers at call time. */
export interface RuntimeState {
  /** Bumped on every change so wrapped fetches can cache derived settings. */
  version: number;
  /** Set by `init`; otherwise the global OTel tracer provider is used. */
  tracerProvider?: TracerProvider & { forceFlush?(): Promise<void>; shutdown?(): Promise<void> };
  tracer?: Tracer;
  /** What `init` configured: the adapters it was given, then its entry's defaults (the built-ins, or none in
   * `tracelight/core`). Unset before `init`: each wrapped fetch then uses its own entry's defaults. */
  providers?: readonly Provider[];
  content: ContentOptions;
  propagateTraceTo?: UrlMatcher;
  /** `init({ unreadResponseTimeoutMs })`: when an LLM response nobody reads ends its span. */
  unreadResponseTimeoutMs?: number;
  /** Set where the context manager wants to know about exports in flight (Node's lazy AsyncLocalStorage): call it
   * when an export starts, and the returned function when it ends. */
  holdForExport?: () => () => void;
  /** Teardown hooks registered by `init` (unpatch fetch, remove exit listeners). */
  disposers: Array<() => void>;
  initialized: boolean;
}

// One slot per realm, keyed by a registered symbol so the ESM and CJS copies of the library share it.
const SLOT = Symbol.for('tracelight.runtime-state');

/**
 * Returns the runtime state, creating the default one (no init yet: built-in adapters, capture on) on first use.
 *
 * @example
 * const { providers } = getRuntimeState();
 */
export function getRuntimeState(): RuntimeState {
  const holder = globalThis as unknown as Record<symbol, RuntimeState | undefined>;
  let state = holder[SLOT];
  if (!state) {
    state = {
      version: 0,
      content: { captureContent: true, maxContentLength: DEFAULT_MAX_CONTENT_LENGTH },
      disposers: [],
      initialized: false,
    };
    holder[SLOT] = state;
  }
  return state;
}

/**
 * Applies changes to the runtime state and bumps its version.
 *
 * @example
 * updateRuntimeState({ content: { captureContent: false, maxContentLength: 1000 } });
 */
export function updateRuntimeState(patch: Partial<Omit<RuntimeState, 'version'>>): RuntimeState {
  const state = getRuntimeState();
  Object.assign(state, patch);
  state.version++;
  return state;
}
