import type { HealthResponse, TraceResponse } from '../../shared/api-types.js';
import type { LiveMessage } from '../../shared/live-messages.js';
import { reconnectDelay } from './reconnect-delay.js';
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
 * jittered exponential backoff. The server sends `hello` on every (re)connect; the models resync from it.
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

  return {
    connect(handlers: LiveHandlers) {
      let socket: WebSocket | null = null;
      let attempt = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let stopped = false;

      const open = () => {
        if (stopped) return;
        handlers.onState('connecting');
        const ws = new Socket(api('/api/live').replace(/^http/, 'ws'));
        socket = ws;
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
          handlers.onMessage(message);
        };
        ws.onclose = () => {
          if (socket !== ws) return;
          socket = null;
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
      };
    },

    async getTrace(traceId) {
      const res = await fetch(api(`/api/traces/${encodeURIComponent(traceId)}`));
      if (res.status === 404) return null;
      return json<TraceResponse>(res);
    },

    async getHealth() {
      return json<HealthResponse>(await fetch(api('/api/health')));
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
  };
}
