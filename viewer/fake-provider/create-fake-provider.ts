import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { anthropicReply } from './anthropic-routes.js';
import type { FakeReply, FakeRequest } from './fake-reply.js';
import { geminiReply } from './gemini-routes.js';
import { ollamaReply } from './ollama-routes.js';
import { lastUserText } from './last-user-text.js';
import { openaiReply } from './openai-routes.js';
import { roughTokens } from './reply-text.js';
import { parseScenario, SCENARIO_HEADER, scenarioKeywords, unknownScenarioKeywords } from './scenarios.js';

/** Options of {@link createFakeProvider}. */
export interface FakeProviderOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to bind; default `127.0.0.1`. */
  host?: string;
  /** Delay per event of the `slow` scenario when the model name gives none (default 200 ms). */
  eventDelayMs?: number;
  /**
   * Canned answers: given the request's latest user text, the text the reply should carry instead of the recorded
   * one (OpenAI chat and Anthropic messages text answers, streamed or not), or undefined to keep the recording.
   * The demo uses it so every answer fits its prompt and agrees with the tool results before it.
   */
  answers?: (userText: string) => string | undefined;
}

/** A request the fake provider received, kept for assertions (e.g. which headers reached the provider). */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A running fake provider. */
export interface FakeProvider {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Requests received so far, oldest first (the last 200). */
  requests: ReceivedRequest[];
  /** Stops listening, cuts open connections and pending slow streams. */
  close(): Promise<void>;
}

const handlers = [ollamaReply, geminiReply, anthropicReply, openaiReply];
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * Starts a local HTTP server that answers like OpenAI, Azure OpenAI, Anthropic, Gemini and Ollama by replaying the
 * recorded fixtures in `recordings/`. Scenarios (tool calls, 429, 500, broken or slow streams...) are chosen by
 * the `x-fake-scenario` request header or by keywords in the model name; see `scenarios.ts`.
 *
 * @example
 * const fake = await createFakeProvider();
 * const openai = new OpenAI({ apiKey: 'test', baseURL: `${fake.url}/v1` });
 * const messages = [{ role: 'user' as const, content: 'Weather?' }];
 * await openai.chat.completions.create({ model: 'gpt-4.1', messages }, { headers: { 'x-fake-scenario': 'tools' } });
 * await openai.chat.completions.create({ model: 'gpt-4o-mini-tools', messages }); // the same scenario, by model name
 * await fake.close();
 */
export async function createFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const sockets = new Set<Socket>();
  const stop = new AbortController();
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-provider');
    // Browser apps call the fake provider cross-origin (the tests' pages, the demo), so it allows any origin.
    res.setHeader('access-control-allow-origin', String(req.headers.origin ?? '*'));
    res.setHeader('access-control-expose-headers', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': String(req.headers['access-control-request-headers'] ?? '*'),
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const raw = await readBody(req);
    if (raw === undefined) return sendJson(res, 413, { error: { message: 'request body too large' } });
    let body: unknown;
    if (raw.length) {
      try {
        body = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, { error: { message: 'request body is not valid JSON', type: 'invalid_request_error' } });
      }
    }
    requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body });
    if (requests.length > 200) requests.shift();
    if (req.method === 'GET' && url.pathname === '/') {
      return sendJson(res, 200, {
        name: 'tracelight fake provider',
        routes: [
          'POST /v1/chat/completions', 'POST /v1/responses', 'POST /v1/embeddings', 'POST /v1/completions',
          'POST /openai/deployments/{deployment}/chat/completions?api-version=...', 'POST /v1/messages',
          'POST /v1beta/models/{model}:generateContent|streamGenerateContent|embedContent|batchEmbedContents',
          'POST /api/chat', 'POST /api/generate',
        ],
        scenarioHeader: SCENARIO_HEADER,
        scenarios: scenarioKeywords,
      });
    }
    const header = req.headers[SCENARIO_HEADER];
    const scenarioHeader = Array.isArray(header) ? header.join(',') : header;
    const unknown = scenarioHeader ? unknownScenarioKeywords(scenarioHeader) : [];
    if (unknown.length) {
      const known = scenarioKeywords.map((k) => k.keyword).join(', ');
      const message = `unknown ${SCENARIO_HEADER} keyword(s): ${unknown.join(', ')} (known: ${known})`;
      return sendJson(res, 400, { error: { message, type: 'invalid_request_error' } });
    }
    const fakeRequest: FakeRequest = {
      method: req.method ?? 'GET',
      url,
      headers: req.headers,
      body,
      slowDelayMs: options.eventDelayMs,
      scenarioHeader,
    };
    if (options.answers) {
      const text = lastUserText(body);
      const answer = text === undefined ? undefined : options.answers(text);
      if (answer !== undefined) fakeRequest.answer = { text: answer, inputTokens: roughTokens(JSON.stringify(body)) };
    }
    let reply: FakeReply | undefined;
    for (const handler of handlers) {
      reply = handler(fakeRequest);
      if (reply) break;
    }
    if (!reply) return sendJson(res, 404, { error: { message: `no fake route for ${req.method} ${url.pathname}`, type: 'not_found' } });
    // `latency-<ms>` applies to every route alike, so it is read here: from the header, the body's model, or the
    // path (Gemini and Azure name the model there).
    const model = typeof (body as { model?: unknown } | undefined)?.model === 'string' ? (body as { model: string }).model : '';
    const { latencyMs } = parseScenario(`${model} ${url.pathname}`, { header: scenarioHeader });
    if (latencyMs) {
      try {
        await sleep(latencyMs, undefined, { signal: stop.signal });
      } catch {
        return;
      }
    }
    await send(res, reply, stop.signal);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        stop.abort();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Writes the reply piece by piece: waits `delayMs` before each, and destroys the socket where the scenario says. */
async function send(res: ServerResponse, reply: FakeReply, stop: AbortSignal): Promise<void> {
  res.writeHead(reply.status, reply.headers);
  res.flushHeaders();
  for (let i = 0; i < reply.chunks.length; i++) {
    if (reply.destroyAfter !== undefined && i >= reply.destroyAfter) {
      res.socket?.destroy();
      return;
    }
    if (reply.delayMs) {
      try {
        await sleep(reply.delayMs, undefined, { signal: stop });
      } catch {
        return;
      }
    }
    if (res.destroyed) return;
    // Wait until the piece is handed to the socket, so a following destroy() cannot swallow it.
    await new Promise<void>((resolve) => res.write(reply.chunks[i], () => resolve()));
  }
  res.end();
}
