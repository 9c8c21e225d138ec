import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ExportMode } from '../config/init-options';

/**
 * The processor that exports: batched (every second, so the live viewer stays fresh) or one span at a time.
 *
 * @example
 * const processor = createExportProcessor(exporter, 'immediate');
 */
export function createExportProcessor(exporter: SpanExporter, mode: ExportMode): SpanProcessor {
  if (mode === 'immediate') return new SimpleSpanProcessor(exporter);
  return new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000, maxQueueSize: 4096, maxExportBatchSize: 512 });
}
