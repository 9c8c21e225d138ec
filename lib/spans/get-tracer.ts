import { trace, type Tracer } from '@opentelemetry/api';
import { getRuntimeState } from '../state/runtime-state.js';
import { TRACER_VERSION } from './tracer-version.js';

/** Instrumentation scope name of every span Tracelight creates. */
export const TRACER_NAME = 'tracelight';
export { TRACER_VERSION };

/**
 * The tracer for Tracelight's spans: from the provider `init` created, else from the global OTel provider (so
 * `tracedFetch` works without `init` when the app set up OTel itself, and is a no-op when nothing is set up).
 *
 * @example
 * getTracelightTracer().startSpan('x').end();
 */
export function getTracelightTracer(): Tracer {
  const state = getRuntimeState();
  if (state.tracer) return state.tracer;
  return trace.getTracer(TRACER_NAME, TRACER_VERSION);
}
