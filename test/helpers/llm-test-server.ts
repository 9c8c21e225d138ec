// A real HTTP server on 127.0.0.1:0 speaking the "acme" wire format, with hooks to hold a stream mid-way.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LlmTestServer {
  url: string;
  /** Stream events the server sends for `/acme/stream`, one write each. */
  streamEvents: string[];
  /** Releases a stream held by `/acme/held-stream` after its first event. */
  release(): void;
  /** Requests seen: method, path, headers, body. */
  requests: Array<{ method: string; path: string; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}

export const CHAT_RESPONSE = {
  id: 'resp_1',
  model: 'acme-large-2025',
  choices: [{ text: 'Hello there', finish: 'stop' }],
  usage: { in: 12, out: 3 },
};

export function sseEvents(n = 5): string[] {
  const events = [`data: ${JSON.stringify({ id: 'st_1', model: 'acme-large-2025', delta: 'w0 ' })}\n\n`];
  for (let i = 1; i < n - 1; i++) events.push(`data: ${JSON.stringify({ delta: `w${i} ` })}\n\n`);
  events.push(`data: ${JSON.stringify({ finish: 'stop', usage: { in: 7, out: n } })}\n\ndata: [DONE]\n\n`);
  return events;
}

export async function createLlmTestServer(): Promise<LlmTestServer> {
  const requests: LlmTestServer['requests'] = [];
  let releaseHeld: (() => void) | undefined;
  let heldReleased = false;
  const open = new Set<ServerResponse>();
  const state: LlmTestServer = {
    url: '',
    streamEvents: sseEvents(),
    requests,
    release() {
      heldReleased = true;
      releaseHeld?.();
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = createServer(async (req, res) => {
    // Browser tests call this server from another origin, like a real provider's CORS-enabled API.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', 'content-type, authorization, traceparent, tracestate, baggage');
    res.setHeader('access-control-expose-headers', 'content-type');
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, body });
    open.add(res);
    res.on('close', () => open.delete(res));
    if (path === '/acme/chat') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(CHAT_RESPONSE));
    } else if (path === '/acme/rate-limited') {
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' })
        .end(JSON.stringify({ error: { type: 'rate_limit_exceeded', message: 'Slow down' } }));
    } else if (path === '/acme/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const e of state.streamEvents) {
        res.write(e);
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    } else if (path === '/acme/ndjson') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(JSON.stringify({ model: 'acme-small', delta: 'a' }) + '\n' + JSON.stringify({ delta: 'b' }));
      await new Promise((r) => setImmediate(r));
      res.end('\n' + JSON.stringify({ finish: 'stop', usage: { in: 1, out: 2 } }) + '\n');
    } else if (path === '/acme/held-stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${JSON.stringify({ delta: 'first ' })}\n\n`);
      if (!heldReleased) await new Promise<void>((r) => (releaseHeld = r));
      heldReleased = false;
      res.end(`data: ${JSON.stringify({ delta: 'rest', finish: 'stop' })}\n\n`);
    } else if (path === '/acme/endless') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const timer = setInterval(() => res.write(`data: ${JSON.stringify({ delta: 'x' })}\n\n`), 5);
      res.on('close', () => clearInterval(timer));
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('not an llm');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
