/**
 * The browser example's backend: `POST /api/answer` continues the page's trace from its `traceparent`
 * header (`continueTrace`), opens a SERVER span for the handler and asks the LLM with the official SDK.
 */
import { createServer } from 'node:http';
import { listenLocal } from '../../shared/listen-local.js';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import OpenAI from 'openai';
import { continueTrace, tracedFetch } from 'tracelight';
import { toNodeHandler } from 'tracelight/relay';

/** Options of {@link createBackendServer}. */
export interface BackendServerOptions {
  port?: number;
  host?: string;
  /** Origins whose pages may call this backend (CORS). */
  allowedOrigins: string[];
  llm: { baseURL: string; apiKey: string; model: string };
  /**
   * A `tracelight/relay` handler to mount at {@link RELAY_PATH}, so the page can export its spans to this server
   * (which holds the collector's credentials) instead of to a collector directly. It does its own Origin checks.
   */
  relay?: (request: Request) => Promise<Response>;
}

/** Where the backend mounts the relay. */
export const RELAY_PATH = '/otlp/v1/traces';

/** A running backend. */
export interface BackendServer {
  /** The backend's origin, e.g. `http://127.0.0.1:3001`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the backend on `host:port` (default `127.0.0.1`, port 0 = a free port).
 *
 * @example
 * const backend = await createBackendServer({ allowedOrigins: ['http://127.0.0.1:5173'], llm });
 */
export async function createBackendServer(options: BackendServerOptions): Promise<BackendServer> {
  const client = new OpenAI({ baseURL: options.llm.baseURL, apiKey: options.llm.apiKey, fetch: tracedFetch });
  const tracer = trace.getTracer('browser-app-backend');

  const answer = (question: string) =>
    tracer.startActiveSpan(
      'POST /api/answer',
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST', 'http.route': '/api/answer' } },
      async (span) => {
        try {
          const completion = await client.chat.completions.create({
            model: options.llm.model,
            messages: [
              { role: 'system', content: 'You answer customer questions in two sentences.' },
              { role: 'user', content: question },
            ],
          });
          span.setAttribute('http.response.status_code', 200);
          return completion.choices[0]?.message.content ?? '';
        } catch (error) {
          span.recordException(error as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      },
    );

  const relay = options.relay ? toNodeHandler(options.relay) : undefined;
  const server = createServer((request, response) => {
    if (relay && request.url === RELAY_PATH) return void relay(request, response);
    const origin = request.headers.origin;
    if (origin && options.allowedOrigins.includes(origin)) {
      response.setHeader('access-control-allow-origin', origin);
      response.setHeader('vary', 'origin');
      // The page sends W3C trace context headers; a preflight must allow them or the browser drops the call.
      response.setHeader('access-control-allow-headers', 'content-type, traceparent, tracestate, baggage');
      response.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    }
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    if (request.method !== 'POST' || request.url !== '/api/answer') return void response.writeHead(404).end();

    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      let question = '';
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { question?: unknown };
        question = String(body.question ?? '');
      } catch {
        return void response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad JSON"}');
      }
      continueTrace(request.headers, () => answer(question)).then(
        (text) => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answer: text })),
        () => response.writeHead(502, { 'content-type': 'application/json' }).end('{"error":"LLM call failed"}'),
      );
    });
  });

  return listenLocal(server, options);
}
