import type { DroppedSpans, ForwardingStatus } from '../../lib/forward/forward-status.js';
import type { ViewerLogger } from './create-viewer-server.js';

const REASONS: Record<keyof DroppedSpans, string> = {
  queueFull: 'the queue was full',
  retryExpired: 'retry time exhausted',
  rejected: 'rejected by the upstream',
  shutdown: 'still queued at shutdown',
};
// Drops that can happen on every request (a full queue, an upstream refusing everything) are told at most this often;
// what happened in between is told with the next line or the recovery.
const QUIET_MS = 10_000;

interface Seen {
  failing: boolean;
  told: DroppedSpans;
  toldAt: Record<keyof DroppedSpans, number>;
}

/**
 * Turns forwarding status changes into a few terminal lines: a target starts failing (once, not per retry), drops
 * spans (by reason), and works again (with what was dropped meanwhile and not told yet). Errors are the forwarder's
 * scrubbed ones.
 * @example const log = createForwardingLog(logger); createForwarder(config, { onStatus: log });
 */
export function createForwardingLog(logger: ViewerLogger, now: () => number = Date.now): (status: ForwardingStatus) => void {
  const seen = new Map<string, Seen>();
  return (status) => {
    for (const t of status.targets) {
      let s = seen.get(t.name);
      if (!s) {
        s = { failing: false, told: { ...t.droppedBy }, toldAt: { queueFull: -Infinity, retryExpired: -Infinity, rejected: -Infinity, shutdown: -Infinity } };
        seen.set(t.name, s);
      }
      const label = `forwarding to ${t.name}${t.name === t.target ? '' : ` (${t.target})`}`;
      if (t.state === 'retrying' && !s.failing) {
        s.failing = true;
        const limit = t.maxElapsedMs ? `for up to ${Math.round(t.maxElapsedMs / 1000)} s per batch` : 'without a time limit';
        logger.warn(`${label} is failing, retrying ${limit}: ${t.lastError}`);
      }
      for (const reason of Object.keys(REASONS) as Array<keyof DroppedSpans>) {
        const added = t.droppedBy[reason] - s.told[reason];
        if (added <= 0) continue;
        const frequent = reason === 'queueFull' || reason === 'rejected';
        if (frequent && now() - s.toldAt[reason] < QUIET_MS) continue;
        s.told[reason] = t.droppedBy[reason];
        s.toldAt[reason] = now();
        const why = reason === 'retryExpired' || reason === 'rejected' ? `: ${t.lastError ?? 'no error text'}` : '';
        logger.warn(`${label}: dropped ${added} spans (${REASONS[reason]}${why})`);
      }
      if (s.failing && t.lastError === null && t.state !== 'retrying') {
        s.failing = false;
        const untold = (Object.keys(REASONS) as Array<keyof DroppedSpans>)
          .filter((reason) => t.droppedBy[reason] > s.told[reason])
          .map((reason) => `${t.droppedBy[reason] - s.told[reason]} more spans dropped (${REASONS[reason]})`);
        s.told = { ...t.droppedBy };
        logger.info(`${label} works again (${t.sent} spans sent so far${untold.length ? `; ${untold.join(', ')}` : ''})`);
      }
    }
  };
}
