import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ForwardingStatus, StoredSpan } from '../shared/api-types.js';
import { LIVE_TRACE_PARAM, type LiveClientMessage, type LiveMessage } from '../shared/live-messages.js';
import type { SpanStore } from './span-store.js';
import { isAllowedHost, isAllowedOrigin } from './request-guard.js';
import { DEFAULT_LIVE_FRAME_LIMITS, spanFrames, summaryFrames, type LiveFrameLimits } from './live-frames.js';

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
  /** Caps of one `spans` message (a bigger batch is split). Default 500 items, 1 MiB. */
  frameLimits?: Partial<LiveFrameLimits>;
}

// A client this far behind is disconnected; it reconnects and resyncs from `hello`.
const MAX_BUFFERED = 32 * 1024 * 1024;

/** What a socket wants: every span (`ALL`, never subscribed), one trace's spans, or none (`null`). */
const ALL = Symbol('all');
type Subscription = string | null | typeof ALL;

/** Subscription from `?trace=` at connect time; absent means every span. */
function initialSubscription(url: string | undefined): Subscription {
  const query = url?.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : null;
  const value = query?.get(LIVE_TRACE_PARAM);
  if (value == null) return ALL;
  return value && value.length <= MAX_TRACE_ID ? value : null;
}

// Trace ids are 32 hex digits; anything much longer is not one.
const MAX_TRACE_ID = 128;

/** Reads a client message; null when it is not one we know (ignored, like any unknown frame). */
function readClientMessage(data: unknown): LiveClientMessage | null {
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return null;
  }
  if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'subscribe') return null;
  const traceId = (message as { traceId?: unknown }).traceId;
  if (traceId === null) return { type: 'subscribe', traceId: null };
  if (typeof traceId === 'string' && traceId.length <= MAX_TRACE_ID) return { type: 'subscribe', traceId };
  return null;
}

/**
 * Creates the live hub: sends `hello` on connect, then batched `spans` (coalesced over ~50 ms with the touched traces'
 * summaries), `evicted`, `cleared` and `forwarding` messages. Span bodies go only where they are wanted: a socket
 * subscribed to a trace gets that trace's spans and everyone's summaries (see `LiveClientMessage`). A big batch is
 * split into messages of at most `frameLimits` items / characters, so no frame grows to megabytes under a flood.
 * @example const hub = createLiveHub({ store, version, allowedHosts: [], forwarding: () => forwarder.status() });
 */
export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { store } = options;
  const batchMs = options.batchMs ?? 50;
  const limits: LiveFrameLimits = { ...DEFAULT_LIVE_FRAME_LIMITS, ...options.frameLimits };
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const subscriptions = new Map<WebSocket, Subscription>();
  /** Who needs span bodies: the number of sockets wanting all, and the trace ids wanted (with socket counts). */
  let firehose = 0;
  const wanted = new Map<string, number>();
  let pendingSpans: StoredSpan[] = [];
  let pendingTraces = new Set<string>();
  // Its own timer: forwarding counters change with every batch, and must not hold span batches to their pace.
  let forwardingTimer: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;

  function setSubscription(ws: WebSocket, next: Subscription | undefined): void {
    const previous = subscriptions.get(ws);
    if (previous === ALL) firehose--;
    else if (typeof previous === 'string') {
      const n = wanted.get(previous)! - 1;
      if (n) wanted.set(previous, n);
      else wanted.delete(previous);
    }
    if (next === undefined) {
      subscriptions.delete(ws);
      return;
    }
    subscriptions.set(ws, next);
    if (next === ALL) firehose++;
    else if (next !== null) wanted.set(next, (wanted.get(next) ?? 0) + 1);
  }

  function stringify(value: unknown): string | null {
    try {
      return JSON.stringify(value);
    } catch {
      // Pathological span content (e.g. absurdly deep JSON): skip it rather than fail the batch or the server.
      return null;
    }
  }

  function broadcast(message: LiveMessage): void {
    if (!wss.clients.size) return;
    const text = stringify(message);
    if (text === null) return;
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

  function flushSpans(): void {
    const summaries = new Map<string, string>();
    for (const id of pendingTraces) {
      const summary = store.getSummary(id);
      const text = summary && stringify(summary);
      if (text) summaries.set(id, text);
    }
    const spans = pendingSpans;
    pendingSpans = [];
    pendingTraces = new Set();
    // Serialized once per span, only for the audiences that want it.
    const byTrace = new Map<string, Array<[string, string]>>();
    const all: Array<[string, string]> = [];
    for (const span of spans) {
      if (!firehose && !wanted.has(span.traceId)) continue;
      const text = stringify(span);
      if (text === null) continue;
      const item: [string, string] = [span.traceId, text];
      if (firehose) all.push(item);
      if (wanted.has(span.traceId)) {
        let list = byTrace.get(span.traceId);
        if (!list) byTrace.set(span.traceId, (list = []));
        list.push(item);
      }
    }
    let firehoseFrames: string[] | undefined;
    let onlySummaries: string[] | undefined;
    const traceFrames = new Map<string, string[]>();
    for (const [client, sub] of subscriptions) {
      let frames: string[];
      if (sub === ALL) {
        frames = firehoseFrames ??= spanFrames(all, summaries, limits);
      } else {
        frames = onlySummaries ??= summaryFrames(summaries.values(), limits);
        const mine = sub !== null && byTrace.get(sub);
        if (mine) {
          let own = traceFrames.get(sub);
          if (!own) traceFrames.set(sub, (own = spanFrames(mine, summaries, limits)));
          frames = [...own, ...frames];
        }
      }
      for (const text of frames) send(client, text);
    }
  }

  function flush(): void {
    timer = undefined;
    if (pendingTraces.size) flushSpans();
  }

  function later(): void {
    if (!timer) timer = setTimeout(flush, batchMs);
  }

  const unsubscribe = store.subscribe((event) => {
    if (!wss.clients.size) return;
    if (event.type === 'spans') {
      // Bodies are kept only when some socket wants them: summaries-only clients cost nothing per span.
      if (firehose) for (const s of event.spans) pendingSpans.push(s);
      else if (wanted.size) for (const s of event.spans) if (wanted.has(s.traceId)) pendingSpans.push(s);
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

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    ws.on('error', () => ws.terminate());
    ws.on('close', () => setSubscription(ws, undefined));
    ws.on('message', (data) => {
      const message = readClientMessage(data);
      if (!message) return;
      setSubscription(ws, message.traceId);
      send(ws, JSON.stringify({ type: 'subscribed', traceId: message.traceId } satisfies LiveMessage));
    });
    // Flush first so the hello snapshot and later batches do not overlap.
    flush();
    setSubscription(ws, initialSubscription(req.url));
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
      forwardingTimer ??= setTimeout(() => {
        forwardingTimer = undefined;
        broadcast({ type: 'forwarding', forwarding: options.forwarding() });
      }, 250);
    },
    clientCount() {
      return wss.clients.size;
    },
    close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (forwardingTimer) clearTimeout(forwardingTimer);
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
