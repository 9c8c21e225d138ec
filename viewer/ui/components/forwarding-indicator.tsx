import type { ForwarderStatus, ForwardingStatus } from '../../shared/api-types.js';
import { formatBytes, formatDuration } from '../lib/format.js';

/**
 * The header's forwarding status: "Local only", or each target with a state dot (green: delivered, amber: spans on
 * their way, red: failing), what it sent and dropped, and a tooltip with its bounds, retry state, dropped spans by
 * reason and last error. Targets and errors never carry credentials (the server strips and scrubs them).
 *
 * @example
 * <ForwardingIndicator status={model.connection.forwarding.value} />
 */
export function ForwardingIndicator({ status, now = Date.now() }: { status: ForwardingStatus | null; now?: number }) {
  if (!status?.target) {
    return (
      <span class="status-item" title="Nothing leaves this machine. Set TRACELIGHT_FORWARD to also send spans to Traceloop or a collector." data-testid="forwarding">
        <span class="dot dot-off" />
        Local only
      </span>
    );
  }
  // Only the combined counters (a status without per-target detail): show them as one target.
  const targets: ForwarderStatus[] = status.targets?.length ? status.targets : [summaryAsTarget(status)];
  const single = targets.length === 1;
  return (
    <span class="status-item" title={targets.map((t) => describe(t, now)).join('\n\n')} data-testid="forwarding">
      {single ? null : 'Forwarding:'}
      {targets.map((t) => (
        <span key={t.name} class="forwarding-target" data-testid="forwarding-target" data-state={t.state} data-name={t.name}>
          <span class={`dot ${dotOf(t)}`} />
          {single ? `Forwarding to ${hostOf(t.target)}` : t.name}
          <span class="faint">
            {' '}
            · {t.sent.toLocaleString()} sent
            {t.state === 'retrying' ? ' · retrying' : ''}
            {t.dropped ? ` · ${t.dropped.toLocaleString()} dropped` : ''}
          </span>
        </span>
      ))}
    </span>
  );
}

function dotOf(t: ForwarderStatus): string {
  if (t.lastError || t.state === 'retrying') return 'dot-error';
  return t.queued > 0 ? 'dot-warn' : 'dot-ok';
}

function describe(t: ForwarderStatus, now: number): string {
  const lines = [t.name, `target: ${t.target}`, `sent: ${t.sent}`];
  lines.push(`queued: ${t.queued} span${t.queued === 1 ? '' : 's'}${t.maxQueueBytes ? ` (${formatBytes(t.queuedBytes)} of ${formatBytes(t.maxQueueBytes)})` : ''}`);
  if (t.state === 'retrying' && t.retry) {
    lines.push(
      `retrying: ${t.retry.attempts} attempt${t.retry.attempts === 1 ? '' : 's'} over ${formatDuration(now - t.retry.since)}, ` +
        `next in ${formatDuration(Math.max(0, t.retry.nextAttemptAt - now))}` +
        (t.maxElapsedMs ? `; gives a batch up after ${formatDuration(t.maxElapsedMs)}` : ''),
    );
  }
  const d = t.droppedBy;
  lines.push(`dropped: ${t.dropped} (queue full ${d.queueFull}, retry time exhausted ${d.retryExpired}, rejected ${d.rejected}, at shutdown ${d.shutdown})`);
  if (t.contentStripped) lines.push('prompts and completions stripped');
  if (t.lastError) lines.push(`last error: ${t.lastError}`);
  return lines.join('\n');
}

function summaryAsTarget(s: ForwardingStatus): ForwarderStatus {
  const unknown = s.dropped - s.failed;
  return {
    name: hostOf(s.target),
    target: s.target,
    state: s.queued ? 'sending' : 'idle',
    contentStripped: false,
    sent: s.sent,
    queued: s.queued,
    queuedBytes: 0,
    maxQueueBytes: 0,
    maxElapsedMs: 0,
    dropped: s.dropped,
    // Without the breakdown, `failed` is what the upstream refused or outlasted; the rest filled the queue.
    droppedBy: { queueFull: Math.max(0, unknown), retryExpired: 0, rejected: s.failed, shutdown: 0 },
    failed: s.failed,
    lastError: s.lastError,
    lastSentAt: null,
    lastErrorAt: null,
    retry: null,
  };
}

function hostOf(target: string | null): string {
  try {
    return new URL(target ?? '').host;
  } catch {
    return target ?? '';
  }
}
