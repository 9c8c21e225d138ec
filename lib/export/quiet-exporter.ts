import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { getRuntimeState } from '../state/runtime-state.js';

/** After a failed export, batches are dropped without trying for this long (a down endpoint costs nothing). */
export const EXPORT_COOLDOWN_MS = 5000;

/**
 * Wraps an exporter so an unreachable endpoint costs the app one diagnostic instead of an error per batch: the first
 * failure (and the first after a success) is logged with `diag.warn`; for `EXPORT_COOLDOWN_MS` after a failure,
 * batches are dropped at once instead of retried (so flush on exit does not hang); failures are reported to the
 * processor as handled, so nothing reaches the global error handler, throws or rejects.
 *
 * @example
 * const exporter = createQuietExporter(new OTLPTraceExporter({ url }), url);
 */
export function createQuietExporter(inner: SpanExporter, target: string, cooldownMs = EXPORT_COOLDOWN_MS): SpanExporter {
  let failing = false;
  let failedAt = 0;
  return {
    export(spans: ReadableSpan[], done: (result: ExportResult) => void) {
      // Tells a lazy context manager an export is in flight (its suppression must follow the exporter's `await`s).
      const release = getRuntimeState().holdForExport?.();
      if (failing && Date.now() - failedAt < cooldownMs) {
        release?.();
        done({ code: ExportResultCode.SUCCESS });
        return;
      }
      const finish = (result: ExportResult) => {
        release?.();
        if (result.code === ExportResultCode.SUCCESS) failing = false;
        else {
          failedAt = Date.now();
          if (!failing) {
            failing = true;
            diag.warn(
              `tracelight: could not export spans to ${target} (${result.error?.message ?? 'unknown error'}); dropping spans until it is reachable again`,
            );
          }
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
