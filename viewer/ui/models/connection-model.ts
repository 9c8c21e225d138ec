import { signal, type ReadonlySignal } from '@preact/signals';
import type { ForwardingStatus, HealthResponse } from '../../shared/api-types.js';
import type { ConnectionState, ViewerTransport } from '../lib/viewer-transport.js';

/** Live-channel state, forwarding status and store counts, for the header. */
export interface ConnectionModel {
  state: ReadonlySignal<ConnectionState>;
  /** Server version from the last `hello`. */
  serverVersion: ReadonlySignal<string | null>;
  forwarding: ReadonlySignal<ForwardingStatus | null>;
  health: ReadonlySignal<HealthResponse | null>;
  setState(state: ConnectionState): void;
  onHello(version: string, forwarding: ForwardingStatus): void;
  setForwarding(forwarding: ForwardingStatus): void;
  /** Fetches `/api/health`; failures leave the last answer in place (the socket state tells the user). */
  refreshHealth(): Promise<void>;
  /**
   * Refreshes health at most once per `intervalMs` however many batches ask (live counts in the header): after a quiet
   * spell at once (well, in 50 ms, so a burst of batches shares one request), in a flood once per interval.
   */
  refreshHealthSoon(intervalMs?: number): void;
  /** Cancels a scheduled refresh (on stop). */
  dispose(): void;
}

/**
 * Creates the connection model. Forwarding status comes from `hello` and `forwarding` messages and from
 * `/api/health`, whichever is newest.
 *
 * @example
 * const connection = createConnectionModel(transport);
 * connection.forwarding.value?.target; // null when nothing leaves the machine
 */
export function createConnectionModel(transport: ViewerTransport): ConnectionModel {
  const state = signal<ConnectionState>('connecting');
  const serverVersion = signal<string | null>(null);
  const forwarding = signal<ForwardingStatus | null>(null);
  const health = signal<HealthResponse | null>(null);
  let soon: ReturnType<typeof setTimeout> | undefined;
  /** When a batch last triggered a refresh (explicit ones, like the hello's, do not hold the next batch back). */
  let lastRefresh = -Infinity;
  async function refreshHealth() {
    try {
      const h = await transport.getHealth();
      health.value = h;
      if (h.forwarding) forwarding.value = h.forwarding;
    } catch {
      // Keep the last known figures; a dead server shows as a closed socket.
    }
  }
  return {
    state,
    serverVersion,
    forwarding,
    health,
    setState: (s) => (state.value = s),
    onHello(version, fwd) {
      serverVersion.value = version;
      forwarding.value = fwd;
    },
    setForwarding: (fwd) => (forwarding.value = fwd),
    refreshHealth,
    dispose() {
      clearTimeout(soon);
      soon = undefined;
    },
    refreshHealthSoon(intervalMs = 1000) {
      if (soon) return;
      const wait = Math.max(50, lastRefresh + intervalMs - Date.now());
      soon = setTimeout(() => {
        soon = undefined;
        lastRefresh = Date.now();
        void refreshHealth();
      }, wait);
    },
  };
}
