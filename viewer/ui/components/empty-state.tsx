/**
 * What the main pane shows with no trace open: how to send spans here, or a hint to pick a trace.
 *
 * @example
 * <EmptyState hasTraces={false} origin={location.origin} />
 */
export function EmptyState({ hasTraces, origin }: { hasTraces: boolean; origin: string }) {
  if (hasTraces) {
    return (
      <div class="empty">
        <h2>Select a trace</h2>
        <p>Pick a trace on the left (↑/↓ move, Esc closes panels) to see its waterfall and LLM calls.</p>
      </div>
    );
  }
  return (
    <div class="empty" data-testid="empty">
      <h2>Waiting for spans…</h2>
      <p>Point any OpenTelemetry exporter at this viewer; traces appear here live.</p>
      <pre>{`# any OpenTelemetry SDK (the tracelight library defaults to http://localhost:4318)\nOTEL_EXPORTER_OTLP_ENDPOINT=${origin}\n\n# or POST OTLP/HTTP (protobuf or JSON) to\n${origin}/v1/traces`}</pre>
    </div>
  );
}
