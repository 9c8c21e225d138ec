import { context, TraceFlags } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExportMode } from '../options/init-options.js';

/**
 * The processor that exports: batched (every second, so the live viewer stays fresh) or one span at a time.
 *
 * @example
 * const processor = createExportProcessor(exporter, 'immediate');
 */
export function createExportProcessor(exporter: SpanExporter, mode: ExportMode): SpanProcessor {
  if (mode === 'immediate') return createImmediateProcessor(exporter);
  return new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000, maxQueueSize: 4096, maxExportBatchSize: 512 });
}

/**
 * Exports each sampled span as it ends, like the SDK's `SimpleSpanProcessor` (export with tracing suppressed, flush
 * waits for exports in flight), in a few lines: the SDK's one adds ~1 KB minified to browser bundles that the batch
 * processor, already in every bundle, does not need.
 * Shutdown happens once; spans that end after it are dropped. The exporter is our quiet one, so results need no handling.
 */
function createImmediateProcessor(exporter: SpanExporter): SpanProcessor {
  const pending = new Set<Promise<void>>();
  const settle = () => Promise.all(pending).then(() => {});
  let shutdown: Promise<void> | undefined;
  return {
    onStart() {},
    onEnd(span: ReadableSpan) {
      if (shutdown || !(span.spanContext().traceFlags & TraceFlags.SAMPLED)) return;
      const done = new Promise<void>((resolve) => {
        try {
          context.with(suppressTracing(context.active()), () => exporter.export([span], () => resolve()));
        } catch {
          resolve();
        }
      });
      pending.add(done);
      void done.then(() => pending.delete(done));
    },
    forceFlush: () => settle().then(() => exporter.forceFlush?.()),
    // Once, like the SDK's processors: spans ending afterwards are not exported.
    shutdown: () => (shutdown ??= settle().then(() => exporter.shutdown())),
  };
}
