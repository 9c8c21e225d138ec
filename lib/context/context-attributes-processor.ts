import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { contextAttributes } from './association-properties.js';

/**
 * A span processor that stamps association properties and the workflow name onto every span started under them,
 * including spans from other OTel instrumentations (e.g. the Vercel AI SDK's telemetry) that nest inside ours.
 *
 * @example
 * new BasicTracerProvider({ spanProcessors: [createContextAttributesProcessor(), batch] });
 */
export function createContextAttributesProcessor(): SpanProcessor {
  return {
    onStart(span: Span, parentContext: Context) {
      const attrs = contextAttributes(parentContext);
      for (const key in attrs) {
        // Keep what the span set itself (e.g. an inner workflow's own name).
        if (span.attributes[key] === undefined) span.setAttribute(key, attrs[key]!);
      }
    },
    onEnd(_span: ReadableSpan) {},
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}
