import { ROOT_CONTEXT, TraceFlags, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { wrapFetch } from '../../lib/fetch/default-fetch.js';

/** The span a replay repeats. */
export interface ReplaySource {
  traceId: string;
  spanId: string;
}

/** Traces replays with the library's own instrumentation, into this viewer's store. */
export interface ReplayTracer {
  /**
   * A fetch whose LLM call becomes a GenAI span (this library's `wrapFetch`, content captured) in a new trace,
   * linked to `source`; `onSpan` gets the new span's ids as it starts.
   */
  fetchFor(source: ReplaySource, onSpan: (ids: ReplaySource) => void, fetchFn?: typeof fetch): typeof fetch;
  /** Resolves once every ended replay span is in the store. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Service name of replay spans, so they are told apart from the app's in the list and the filters. */
export const REPLAY_SERVICE_NAME = 'tracelight-replay';

/**
 * Creates the replay tracer: a tracer provider of its own (never the global one, so an app's or the demo's setup is
 * untouched) whose spans are serialized by OpenTelemetry's own OTLP JSON serializer and ingested in-process, exactly
 * as if imported (`POST /api/import`).
 *
 * @example
 * const tracer = createReplayTracer((otlpJson) => importTraces(otlpJson));
 * const response = await tracer.fetchFor(source, (ids) => (created = ids))(url, init);
 */
export function createReplayTracer(ingest: (otlpJson: Uint8Array) => Promise<unknown>): ReplayTracer {
  const pending = new Set<Promise<unknown>>();
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      const failed = (error: unknown) => done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
      try {
        const bytes = JsonTraceSerializer.serializeRequest(spans);
        if (!bytes) return done({ code: ExportResultCode.SUCCESS });
        const stored = ingest(bytes).then(() => done({ code: ExportResultCode.SUCCESS }), failed);
        pending.add(stored);
        void stored.finally(() => pending.delete(stored));
      } catch (error) {
        failed(error);
      }
    },
    shutdown: () => Promise.resolve(),
  };
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': REPLAY_SERVICE_NAME }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  // The library's own scope name: a replay span is an LLM span like any other the library records.
  const base = provider.getTracer('tracelight');

  return {
    fetchFor(source, onSpan, fetchFn = globalThis.fetch) {
      return wrapFetch(fetchFn, { tracer: linkingTracer(base, source, onSpan), captureContent: true });
    },
    async flush() {
      await provider.forceFlush();
      await Promise.all(pending);
    },
    shutdown: () => provider.shutdown(),
  };
}

/** A tracer whose spans start a new trace and link to the replayed span. */
function linkingTracer(base: Tracer, source: ReplaySource, onSpan: (ids: ReplaySource) => void): Tracer {
  const decorate = (options: SpanOptions = {}): SpanOptions => ({
    ...options,
    links: [
      ...(options.links ?? []),
      {
        context: { traceId: source.traceId, spanId: source.spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true },
        attributes: { 'tracelight.link.type': 'replay_of' },
      },
    ],
    attributes: { ...options.attributes, 'tracelight.replay.of_trace_id': source.traceId, 'tracelight.replay.of_span_id': source.spanId },
  });
  const started = (span: Span) => {
    const c = span.spanContext();
    onSpan({ traceId: c.traceId, spanId: c.spanId });
    return span;
  };
  return {
    startSpan: (name, options) => started(base.startSpan(name, decorate(options), ROOT_CONTEXT)),
    startActiveSpan: ((name: string, ...rest: unknown[]) => {
      const fn = rest.pop() as (span: Span) => unknown;
      const options = (rest[0] as SpanOptions | undefined) ?? {};
      return base.startActiveSpan(name, decorate(options), ROOT_CONTEXT, ((span: Span) => fn(started(span))) as never);
    }) as Tracer['startActiveSpan'],
  };
}
