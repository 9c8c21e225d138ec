import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ForwardingStatus } from '../shared/api-types.js';
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
  /** Send-buffer bytes past which a socket gets summaries only until it drains. Default 2 MiB. */
  slowClientBytes?: number;
  /** Share of wall time the hub may spend decoding and serializing span bodies. Default 0.25. */
  cpuShare?: number;
  /** Characters of span JSON one flush may hold (what does not fit is skipped and counted). Default 1 Mi. */
  flushChars?: number;
}

// A client this far behind even with summaries only is disconnected; it reconnects and resyncs from `hello`.
const MAX_BUFFERED = 32 * 1024 * 1024;
// Unspent CPU allowance is kept for bursts of up to a second's share.
const BURST_MS = 1000;

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
 * Bodies are decoded from the store's records at flush, once per span, and never cost more than `cpuShare` of the
 * time; a socket that cannot keep up (or whose bodies are over that share) gets summaries and a `skipped` message
 * counting what it missed, instead of an ever-growing send buffer.
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
  const slowClientBytes = options.slowClientBytes ?? 2 * 1024 * 1024;
  const cpuShare = options.cpuShare ?? 0.25;
  const flushChars = options.flushChars ?? 1024 * 1024;
  /** Records whose span bodies some socket wants (numbers: decoded only at flush, and only if still stored). */
  let pendingRecords: number[] = [];
  let pendingRecordTraces: string[] = [];
  let pendingTraces = new Set<string>();
  // CPU allowance for span bodies: earned with wall time, spent by decoding and serializing.
  const maxAllowanceMs = BURST_MS * cpuShare;
  let allowanceMs = maxAllowanceMs;
  let allowanceAt = performance.now();
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
    const records = pendingRecords;
    const recordTraces = pendingRecordTraces;
    pendingRecords = [];
    pendingRecordTraces = [];
    pendingTraces = new Set();

    const now = performance.now();
    allowanceMs = Math.min(maxAllowanceMs, allowanceMs + (now - allowanceAt) * cpuShare);
    allowanceAt = now;
    // Firehose bodies only within the CPU allowance and for sockets that keep up; a subscribed trace's spans always.
    const firehoseReady = [...subscriptions].some(([client, sub]) => sub === ALL && client.bufferedAmount <= slowClientBytes);
    const firehoseBodies = firehose > 0 && firehoseReady && allowanceMs > 0;
    const want: Array<[number, string]> = [];
    for (let i = 0; i < records.length; i++) if (firehoseBodies || wanted.has(recordTraces[i])) want.push([records[i], recordTraces[i]]);
    const started = performance.now();
    const byTrace = new Map<string, Array<[string, string]>>();
    const all: Array<[string, string]> = [];
    // Bounded per flush, so one flush's frames never hold more than a few megabytes: the rest is skipped and counted
    // (a subscribed trace's spans always go: that is what the UI shows).
    let chars = 0;
    let cut = 0;
    for (const [n, traceId] of want) {
      const subscribed = wanted.has(traceId);
      if (chars > flushChars && !subscribed) {
        cut++;
        continue;
      }
      const [span] = store.readSpans([n]);
      if (!span) continue; // evicted meanwhile: the `evicted` message says so
      const text = stringify(span);
      if (text === null) continue;
      chars += text.length;
      const item: [string, string] = [traceId, text];
      if (firehoseBodies) all.push(item);
      if (subscribed) {
        let list = byTrace.get(traceId);
        if (!list) byTrace.set(traceId, (list = []));
        list.push(item);
      }
    }
    allowanceMs -= performance.now() - started;

    let firehoseFrames: string[] | undefined;
    let onlySummaries: string[] | undefined;
    const traceFrames = new Map<string, string[]>();
    for (const [client, sub] of subscriptions) {
      let frames: string[];
      if (sub === ALL && records.length && (!firehoseBodies || client.bufferedAmount > slowClientBytes)) {
        // Never silent: the socket learns what it was not sent.
        const reason = client.bufferedAmount > slowClientBytes ? 'slow-client' : 'server-budget';
        send(client, JSON.stringify({ type: 'skipped', spans: records.length, traceIds: [...new Set(recordTraces)], reason } satisfies LiveMessage));
        frames = onlySummaries ??= summaryFrames(summaries.values(), limits);
      } else if (sub === ALL) {
        if (cut) send(client, JSON.stringify({ type: 'skipped', spans: cut, traceIds: [...new Set(recordTraces)], reason: 'server-budget' } satisfies LiveMessage));
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
      // Records are kept only when some socket wants bodies: summaries-only clients cost nothing per span.
      const { records, recordTraceIds } = event;
      for (let i = 0; i < records.length; i++) {
        if (firehose || wanted.has(recordTraceIds[i])) {
          pendingRecords.push(records[i]);
          pendingRecordTraces.push(recordTraceIds[i]);
        }
      }
      for (const id of event.traceIds) pendingTraces.add(id);
      later();
    } else if (event.type === 'evicted') {
      // Records of evicted traces read as gone at flush; their summaries must not resurrect them in the UI.
      for (const id of event.traceIds) pendingTraces.delete(id);
      broadcast(event);
    } else {
      pendingRecords = [];
      pendingRecordTraces = [];
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
    const newest = store.queryTraces({ limit: options.helloTraces ?? 10_000 });
    const hello: LiveMessage = {
      type: 'hello',
      version: options.version,
      traces: newest.traces,
      total: newest.total,
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
