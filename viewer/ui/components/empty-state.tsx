import { CopyButton } from './copy-button.js';

/**
 * What the main pane shows with no trace open: how to send spans here (the library's `init()`, any OpenTelemetry
 * exporter, or the `--demo` traffic), or a hint to pick a trace.
 *
 * @example
 * <EmptyState hasTraces={false} origin={location.origin} />
 */
export function EmptyState({ hasTraces, origin }: { hasTraces: boolean; origin: string }) {
  if (hasTraces) {
    return (
      <div class="empty">
        <h2>Select a trace</h2>
        <p>Pick a trace on the left (↑/↓ move, Esc closes panels, ? lists every shortcut) to see its waterfall and LLM calls.</p>
      </div>
    );
  }
  const snippet = `import { init } from 'tracelight';\n\ninit({ serviceName: 'my-app' }); // traces every fetch-based LLM call to this viewer`;
  const env = `OTEL_EXPORTER_OTLP_ENDPOINT=${origin}`;
  return (
    <div class="empty empty-start" data-testid="empty">
      <h2>Waiting for spans…</h2>
      <p>Add one line to your app; its LLM calls appear here live.</p>
      <div class="snippet">
        <pre data-testid="init-snippet">{snippet}</pre>
        <CopyButton text={snippet} label="Copy the init() snippet" />
      </div>
      <p>Or point any OpenTelemetry SDK at this viewer (OTLP/HTTP, protobuf or JSON, to {origin}/v1/traces):</p>
      <div class="snippet">
        <pre>{env}</pre>
        <CopyButton text={env} label="Copy the environment variable" />
      </div>
      <p data-testid="demo-hint">
        No app at hand? Restart the viewer with <span class="code-inline">npx tracelight --demo</span> for live demo traffic (offline, no key).
      </p>
    </div>
  );
}
