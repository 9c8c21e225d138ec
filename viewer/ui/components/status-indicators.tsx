import type { HealthResponse } from '../../shared/api-types.js';
import { formatBytes } from '../lib/format.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { ForwardingIndicator } from './forwarding-indicator.js';

/**
 * Live-socket state, store counts and the forwarding status (from `hello`/`forwarding` messages and `/api/health`).
 * The forwarding target never carries credentials (the server strips them).
 *
 * @example
 * <StatusIndicators model={model} />
 */
export function StatusIndicators({ model }: { model: ViewerModel }) {
  const state = model.connection.state.value;
  const fwd = model.connection.forwarding.value;
  const health = model.connection.health.value;
  const live =
    state === 'open' ? { dot: 'dot-ok', text: 'Live' } : state === 'connecting' ? { dot: 'dot-warn', text: 'Connecting…' } : { dot: 'dot-error', text: 'Reconnecting…' };

  return (
    <div class="status">
      {health ? (
        <span class="status-item" title={storeTitle(health)} data-testid="store-stats">
          {health.spans.toLocaleString()} spans
          {health.evictedTraces || health.droppedSpans ? (
            <span class="evicted" data-testid="evicted">
              {' '}
              · {health.evictedTraces.toLocaleString()} traces evicted
            </span>
          ) : null}
        </span>
      ) : null}
      <ForwardingIndicator status={fwd} />
      <span class="status-item" data-testid="connection" data-state={state}>
        <span class={`dot ${live.dot}`} />
        {live.text}
      </span>
    </div>
  );
}

// `bytes`/`maxBytes` and `memory` are newer, optional fields of the health answer; older servers leave them out.
function storeTitle(h: HealthResponse): string {
  const lines = [`${h.traces.toLocaleString()} traces, ${h.spans.toLocaleString()} spans in the store`];
  if (h.bytes != null && h.maxBytes != null) lines.push(`span store: ${formatBytes(h.bytes)} of ${formatBytes(h.maxBytes)} used`);
  if (h.memory?.budget) lines.push(`process: ${formatBytes(h.memory.rss)} resident, budget ${formatBytes(h.memory.budget)} (--max-memory)`);
  lines.push(`${h.evictedTraces.toLocaleString()} traces (${h.droppedSpans.toLocaleString()} spans) evicted, oldest first, to stay within the memory budget`);
  if (h.rejectedSpans) lines.push(`${h.rejectedSpans.toLocaleString()} spans refused (invalid ids or too big)`);
  if (h.shedRequests) lines.push(`${h.shedRequests.toLocaleString()} exports answered 503 under load (exporters send them again)`);
  if (h.resentSpans) lines.push(`${h.resentSpans.toLocaleString()} spans received twice (stored once)`);
  return lines.join('\n');
}
