import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ForwardingStatus, StoredSpan } from '../shared/api-types.js';
import type { LiveMessage } from '../shared/live-messages.js';
import type { SpanStore } from './span-store.js';
import { isAllowedHost, isAllowedOrigin } from './request-guard.js';

/** The live socket hub. */
export interface LiveHub {
  /** Handles an HTTP upgrade for `/api/live` (checks Host and Origin first). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Tells every client the forwarding status changed (coalesced with span batches). */
  forwardingChanged(): void;
  clientCount(): number;
  close(): Promise<void>;
}

/** Options of `createLiveHub`. */
export interface LiveHubOptions {
  store: SpanStore;
  version: string;
  allowedHosts: readonly string[];
  forwarding: () => ForwardingStatus;
  /** Coalescing window for span batches. Default 50 ms. */
  batchMs?: number;
  /** Trace summaries sent in `hello` (newest first). Default 10,000. */
  helloTraces?: number;
}

// A client this far behind is disconnected; it reconnects and resyncs from `hello`.
const MAX_BUFFERED = 32 * 1024 * 1024;

/**
 * Creates the live hub: sends `hello` on connect, then batched `spans` (coalesced over ~50 ms with the touched traces'
 * summaries), `evicted`, `cleared` and `forwarding` messages.
 * @example const hub = createLiveHub({ store, version, allowedHosts: [], forwarding: () => forwarder.status() });
 */
export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { store } = options;
  const batchMs = options.batchMs ?? 50;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  let pendingSpans: StoredSpan[] = [];
  let pendingTraces = new Set<string>();
  let pendingForwarding = false;
  let timer: NodeJS.Timeout | undefined;

  function broadcast(message: LiveMessage): void {
    if (!wss.clients.size) return;
    let text: string;
    try {
      text = JSON.stringify(message);
    } catch {
      // Pathological span content (e.g. absurdly deep JSON): drop this batch rather than the server.
      return;
    }
    for (const client of wss.clients) send(client, text);
  }

  function send(client: WebSocket, text: string): void {
    if (client.readyState !== client.OPEN) return;
    if (client.bufferedAmount > MAX_BUFFERED) {
      client.close(1013, 'too far behind; reconnect to resync');
      return;
    }
    client.send(text);
  }

  function flush(): void {
    timer = undefined;
    if (pendingSpans.length) {
      const traces = [...pendingTraces].map((id) => store.getSummary(id)).filter((t) => t !== null);
      const spans = pendingSpans;
      pendingSpans = [];
      pendingTraces = new Set();
      broadcast({ type: 'spans', spans, traces });
    }
    if (pendingForwarding) {
      pendingForwarding = false;
      broadcast({ type: 'forwarding', forwarding: options.forwarding() });
    }
  }

  function later(): void {
    if (!timer) timer = setTimeout(flush, batchMs);
  }

  const unsubscribe = store.subscribe((event) => {
    if (!wss.clients.size) return;
    if (event.type === 'spans') {
      for (const s of event.spans) pendingSpans.push(s);
      for (const id of event.traceIds) pendingTraces.add(id);
      later();
    } else if (event.type === 'evicted') {
      // Order matters: spans queued for evicted traces would resurrect them in the UI.
      const gone = new Set(event.traceIds);
      pendingSpans = pendingSpans.filter((s) => !gone.has(s.traceId));
      for (const id of gone) pendingTraces.delete(id);
      broadcast(event);
    } else {
      pendingSpans = [];
      pendingTraces = new Set();
      broadcast({ type: 'cleared' });
    }
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('error', () => ws.terminate());
    // Flush first so the hello snapshot and later batches do not overlap.
    flush();
    const hello: LiveMessage = {
      type: 'hello',
      version: options.version,
      traces: store.listTraces({ limit: options.helloTraces ?? 10_000 }),
      forwarding: options.forwarding(),
    };
    send(ws, JSON.stringify(hello));
  });

  return {
    handleUpgrade(req, socket, head) {
      const origin = req.headers.origin;
      if (!isAllowedHost(req.headers.host, options.allowedHosts) || (origin !== undefined && !isAllowedOrigin(origin, options.allowedHosts))) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    forwardingChanged() {
      if (!wss.clients.size) return;
      pendingForwarding = true;
      if (!timer) timer = setTimeout(flush, 250);
    },
    clientCount() {
      return wss.clients.size;
    },
    close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
