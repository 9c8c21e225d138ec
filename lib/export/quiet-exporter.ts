import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * Wraps an exporter so an unreachable endpoint costs the app one diagnostic instead of an error per batch: the first
 * failure (and the first after a success) is logged with `diag.warn`, and failures are reported to the processor as
 * handled, so nothing reaches the global error handler, throws or rejects.
 *
 * @example
 * const exporter = createQuietExporter(new OTLPTraceExporter({ url }), url);
 */
export function createQuietExporter(inner: SpanExporter, target: string): SpanExporter {
  let failing = false;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      const finish = (result: ExportResult) => {
        if (result.code === ExportResultCode.SUCCESS) failing = false;
        else if (!failing) {
          failing = true;
          diag.warn(`tracelight: could not export spans to ${target} (${result.error?.message ?? 'unknown error'}); dropping them until it works again`);
        }
        done({ code: ExportResultCode.SUCCESS });
      };
      try {
        inner.export(spans, finish);
      } catch (error) {
        finish({ code: ExportResultCode.FAILED, error: error as Error });
      }
    },
    shutdown: () => inner.shutdown().catch(() => {}),
    forceFlush: () => (inner.forceFlush ? inner.forceFlush().catch(() => {}) : Promise.resolve()),
  };
}
