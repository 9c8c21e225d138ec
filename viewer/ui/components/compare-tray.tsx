import type { ViewerModel } from '../models/viewer-model.js';

/**
 * The compare tray at the bottom of the page: what was picked with the Compare buttons (two at most), and the
 * button that opens them side by side. Spans compare with spans, traces with traces.
 *
 * @example
 * <CompareTray model={model} />
 */
export function CompareTray({ model }: { model: ViewerModel }) {
  const tray = model.compare.tray.value;
  if (!tray.length || model.route.value.page === 'compare') return null;
  const [a, b] = tray;
  const mixed = b && !!a.spanId !== !!b.spanId;
  return (
    <div class="tray" role="region" aria-label="Compare tray" data-testid="compare-tray">
      <span class="tray-label">Compare</span>
      {tray.map((item) => (
        <span class="tray-item" key={`${item.traceId}/${item.spanId}`} title={`${item.spanId ? 'span' : 'trace'} ${item.label}`}>
          <span class="faint">{item.spanId ? 'span' : 'trace'}</span>
          <span class="tray-name">{item.label}</span>
          <button type="button" class="btn-x" aria-label={`Remove ${item.label}`} onClick={() => model.compare.remove(item)}>
            ✕
          </button>
        </span>
      ))}
      {tray.length < 2 ? <span class="faint tray-hint">pick one more {a.spanId ? 'span' : 'trace'}</span> : null}
      {mixed ? <span class="faint tray-hint">a span compares with a span, a trace with a trace</span> : null}
      <span class="spacer" />
      <button type="button" class="btn btn-small btn-accent" data-testid="open-compare" disabled={tray.length < 2 || mixed} onClick={() => model.openCompare(a, b)}>
        Compare side by side
      </button>
      <button type="button" class="btn btn-small" onClick={() => model.compare.clearTray()}>
        Clear
      </button>
    </div>
  );
}
