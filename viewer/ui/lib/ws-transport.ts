import type { BreakdownResponse, HealthResponse, SessionsResponse, TraceResponse, TracesResponse } from '../../shared/api-types.js';
import type { ReplayCheck, ReplayError, ReplayResult } from '../../shared/replay-types.js';
import { LIVE_TRACE_PARAM, type LiveClientMessage, type LiveMessage } from '../../shared/live-messages.js';
import { reconnectDelay } from './reconnect-delay.js';
import { traceQueryString } from './trace-query.js';
import type { ImportResult, LiveHandlers, ViewerTransport } from './viewer-transport.js';

/** Options of {@link createWsTransport}. */
export interface WsTransportOptions {
  /** Origin (and optional path prefix) of the viewer server; defaults to the page's own origin. */
  baseUrl?: string;
  /** WebSocket constructor; defaults to the global one (pass the `ws` package's in Node 20). */
  WebSocket?: new (url: string) => WebSocket;
}

/**
 * The app's transport: JSON API over fetch and the live socket at `/api/live`, reconnecting with capped,
 * jittered exponential backoff. The server sends `hello` on every (re)connect; the models resync from it. The page
 * starts subscribed to no trace (summaries only) and each (re)connect carries the current subscription in its URL,
 * so the socket never receives the whole store's spans.
 *
 * @example
 * const transport = createWsTransport();
 * const model = createViewerModel({ transport });
 */
export function createWsTransport(options: WsTransportOptions = {}): ViewerTransport {
  const base = (options.baseUrl ?? globalThis.location?.origin ?? 'http://127.0.0.1:4318').replace(/\/$/, '');
  const api = (path: string) => `${base}${path}`;
  const Socket = options.WebSocket ?? globalThis.WebSocket;

  async function json<T>(res: Response): Promise<T> {
    if (!res.ok) throw new Error(`${res.status} ${res.statusText}: ${(await res.text()).slice(0, 200)}`);
    return (await res.json()) as T;
  }

  let subscription: string | null = null;
  let socket: WebSocket | null = null;
  /** The subscription the current socket was opened with (its URL), until it is open and can be told otherwise. */
  let socketSubscription: string | null = null;
  /** Resolvers of `subscribe` calls, answered in order by the server's `subscribed` messages. */
  const waiting: Array<() => void> = [];
  /** Resolvers of `subscribe` calls made while the socket was still connecting. */
  const afterOpen: Array<() => void> = [];
  const release = () => {
    for (const resolve of [...waiting.splice(0), ...afterOpen.splice(0)]) resolve();
  };
  const sendSubscription = (ws: WebSocket) => {
    socketSubscription = subscription;
    ws.send(JSON.stringify({ type: 'subscribe', traceId: subscription } satisfies LiveClientMessage));
  };

  return {
    connect(handlers: LiveHandlers) {
      let attempt = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;

      const open = () => {
        if (stopped) return;
        handlers.onState('connecting');
        socketSubscription = subscription;
        const url = `${api('/api/live')}?${LIVE_TRACE_PARAM}=${encodeURIComponent(subscription ?? '')}`;
        const ws = new Socket(url.replace(/^http/, 'ws'));
        socket = ws;
        ws.onopen = () => {
          if (socket !== ws) return;
          const early = afterOpen.splice(0);
          // The URL was current: the server applied it before anything we send from now on.
          if (socketSubscription === subscription) return early.forEach((resolve) => resolve());
          // Subscribed while connecting: the URL is stale; those calls resolve with this answer.
          waiting.push(() => early.forEach((resolve) => resolve()));
          sendSubscription(ws);
        };
        ws.onmessage = (event) => {
          let message: LiveMessage;
          try {
            message = JSON.parse(typeof event.data === 'string' ? event.data : '') as LiveMessage;
          } catch {
            return; // A malformed frame is dropped; the next hello resyncs anyway.
          }
          if (message.type === 'hello') {
            attempt = 0;
            handlers.onState('open');
          }
          if (message.type === 'subscribed') {
            waiting.shift()?.();
            return;
          }
          handlers.onMessage(message);
        };
        ws.onclose = () => {
          if (socket !== ws) return;
          socket = null;
          release();
          if (stopped) return;
          handlers.onState('closed');
          timer = setTimeout(open, reconnectDelay(attempt++));
        };
        // An error is always followed by close, which schedules the retry.
        ws.onerror = () => {};
      };
      open();

      return () => {
        stopped = true;
        clearTimeout(timer);
        socket?.close();
        socket = null;
        release();
      };
    },

    subscribe(traceId) {
      subscription = traceId;
      const ws = socket;
      // No socket (between reconnects): the next URL carries it, and that connection's hello makes the page reload.
      if (!ws || ws.readyState > 1 /* CLOSING, CLOSED */) return Promise.resolve();
      return new Promise<void>((resolve) => {
        if (ws.readyState === 0 /* CONNECTING */) return void afterOpen.push(resolve);
        waiting.push(resolve);
        sendSubscription(ws);
      });
    },

    async getTrace(traceId) {
      const res = await fetch(api(`/api/traces/${encodeURIComponent(traceId)}`));
      if (res.status === 404) return null;
      return json<TraceResponse>(res);
    },

    async getHealth() {
      return json<HealthResponse>(await fetch(api('/api/health')));
    },

    async queryTraces(query) {
      return json<TracesResponse>(await fetch(api(`/api/traces?${traceQueryString(query)}`)));
    },

    async listSessions(query) {
      const p = new URLSearchParams();
      if (query.user) p.set('user', query.user);
      if (query.q) p.set('q', query.q);
      if (query.limit) p.set('limit', String(query.limit));
      if (query.cursor) p.set('cursor', query.cursor);
      return json<SessionsResponse>(await fetch(api(`/api/sessions?${p}`)));
    },

    async breakdown(by, query) {
      const q = traceQueryString({ ...query, limit: undefined, cursor: undefined });
      return json<BreakdownResponse>(await fetch(api(`/api/breakdown?by=${by}${q ? `&${q}` : ''}`)));
    },

    async clearTraces() {
      const res = await fetch(api('/api/traces'), { method: 'DELETE' });
      if (!res.ok) throw new Error(`clear failed: ${res.status}`);
    },

    async importOtlp(body) {
      const res = await fetch(api('/api/import'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const answer = await json<Record<string, unknown>>(res);
      return {
        traceIds: Array.isArray(answer.traceIds) ? answer.traceIds.filter((t): t is string => typeof t === 'string') : [],
        spans: typeof answer.imported === 'number' ? answer.imported : typeof answer.spans === 'number' ? answer.spans : null,
      };
    },

    exportUrl(traceId) {
      return api(`/api/traces/${encodeURIComponent(traceId)}/otlp`);
    },

    async checkReplay(traceId, spanId) {
      const q = `traceId=${encodeURIComponent(traceId)}&spanId=${encodeURIComponent(spanId)}`;
      const res = await fetch(api(`/api/replay?${q}`));
      if (res.status === 404) return { ok: false, error: 'The server no longer has this span.', keyVariable: null, sendsKey: false } satisfies ReplayCheck;
      return json<ReplayCheck>(res);
    },

    async replay(request) {
      const res = await fetch(api('/api/replay'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
      const answer = (await res.json().catch(() => null)) as ReplayResult | ReplayError | null;
      return answer ?? ({ ok: false, error: `${res.status} ${res.statusText}` } satisfies ReplayError);
    },
  };
}
