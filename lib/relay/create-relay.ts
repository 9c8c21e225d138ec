import { diag } from '@opentelemetry/api';
import { BodyError } from '../forward/body-error.js';
import { createForwarder, type Forwarder } from '../forward/create-forwarder.js';
import { decodeTraceBody, otlpEncodingOf, type OtlpEncoding } from '../forward/decode-trace-body.js';
import { resolveForwardConfig, toForwardConfig, type ForwardConfig } from '../forward/forward-config.js';
import { forwardingOff, type ForwardingStatus } from '../forward/forward-status.js';
import { otlpStatusBody, otlpSuccessBody, type OtlpAnswerBody } from '../forward/otlp-answer-body.js';
import { OtlpDecodeError, countSpans } from '../forward/otlp-types.js';
import { corsHeaders } from './cors-headers.js';
import { readRequestBody } from './read-request-body.js';
import type { RelayOptions } from './relay-options.js';

/** A relay: a Web-standard request handler plus its forwarder's status and shutdown. */
export interface Relay {
  (request: Request): Promise<Response>;
  /** Forwarding counters, combined and per target (no credentials in them). */
  status(): ForwardingStatus;
  /** Sends what is queued (for at most `timeoutMs`), then stops. */
  close(timeoutMs?: number): Promise<void>;
}

function answer(status: number, { contentType, body }: OtlpAnswerBody, headers: Headers): Response {
  headers.set('content-type', contentType);
  return new Response(body as unknown as BodyInit, { status, headers });
}

function statusResponse(status: number, encoding: OtlpEncoding, message: string, headers: Headers): Response {
  const code = status === 413 ? 8 : status === 503 ? 14 : status === 403 ? 7 : 3;
  return answer(status, otlpStatusBody(encoding, code, message), headers);
}


/**
 * Creates the production relay: a `(request: Request) => Promise<Response>` that receives OTLP/HTTP traces from your
 * own browser pages and forwards them upstream (Traceloop or any OTLP collector) with credentials that stay on the
 * server. It checks Origin against an allow-list (403), content type (415), size after decompression (413), answers
 * CORS preflights, can strip prompt content, and shares its forwarding code with the local viewer.
 * Mount it at a path of your choice and point the browser library's exporter at that URL.
 *
 * @example Node http
 * import { createServer } from 'node:http';
 * import { createRelay, toNodeHandler } from 'tracelight/relay';
 * const relay = createRelay({ allowedOrigins: ['https://app.example.com'], env: process.env });
 * createServer(toNodeHandler(relay)).listen(8080);
 *
 * @example Hono
 * const relay = createRelay({ allowedOrigins: ['https://app.example.com'], env: process.env });
 * app.all('/otlp/v1/traces', (c) => relay(c.req.raw));
 *
 * @example Next.js route handler (app/api/otlp/route.ts)
 * import { after } from 'next/server';
 * const relay = createRelay({ allowedOrigins: [process.env.APP_ORIGIN!], env: process.env, waitUntil: after });
 * export const POST = relay;
 * export const OPTIONS = relay;
 */
export function createRelay(options: RelayOptions): Relay {
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const { allowedOrigins } = options;
  let isAllowed: (origin: string) => boolean;
  if (typeof allowedOrigins === 'function') isAllowed = allowedOrigins;
  else {
    // Browsers send an Origin without a trailing slash; a configured one may have it.
    const listed = new Set(allowedOrigins.map((o) => o.replace(/\/+$/, '')));
    isAllowed = (origin) => listed.has(origin);
  }

  let config: ForwardConfig | null = null;
  try {
    config = options.forward ? toForwardConfig(options.forward) : resolveForwardConfig(options.env ?? {});
  } catch (error) {
    diag.error(`tracelight relay: ${(error as Error).message}`);
  }
  if (!config) diag.error('tracelight relay: no forwarding target (set TRACELIGHT_FORWARD or pass `forward`)');
  const strip = options.stripContent;
  if (config && strip !== undefined) config = { ...config, targets: config.targets.map((t) => ({ ...t, stripContent: strip })) };
  const forwarder: Forwarder | null = config ? createForwarder(config, options.forwarderOptions) : null;

  async function handle(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    const allowed = origin ? isAllowed(origin) : !!options.allowNoOrigin;
    const encoding = otlpEncodingOf(request.headers.get('content-type'));
    if (!allowed) return statusResponse(403, encoding ?? 'json', 'origin not allowed', new Headers());
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders(origin, request, true) });
    const headers = corsHeaders(origin, request);
    if (request.method !== 'POST') {
      headers.set('allow', 'POST, OPTIONS');
      return statusResponse(405, encoding ?? 'json', `method ${request.method} not allowed; use POST`, headers);
    }
    if (!encoding) return statusResponse(415, 'json', 'Content-Type must be application/x-protobuf or application/json', headers);
    if (!forwarder) return statusResponse(503, encoding, 'relay not configured', headers);

    let decoded: ReturnType<typeof decodeTraceBody>;
    try {
      decoded = decodeTraceBody(await readRequestBody(request, maxBodyBytes), encoding);
    } catch (error) {
      if (error instanceof BodyError) return statusResponse(error.status, encoding, error.message, headers);
      if (error instanceof OtlpDecodeError) {
        if (/Code generation|EvalError/i.test(error.message)) {
          // protobufjs cannot run where eval is forbidden (edge runtimes): ask for the JSON exporter instead.
          return statusResponse(415, 'json', 'protobuf is not supported in this runtime; send OTLP JSON', headers);
        }
        return statusResponse(400, encoding, error.message, headers);
      }
      throw error;
    }
    if (countSpans(decoded.request)) {
      forwarder.enqueue(decoded.request, countSpans(decoded.request));
      if (options.waitUntil) options.waitUntil(forwarder.flush());
      else if (options.flushBeforeResponse) await forwarder.flush();
    }
    return answer(200, otlpSuccessBody(encoding, decoded.rejectedSpans, decoded.errors.join('; ')), headers);
  }

  const relay = (async (request: Request): Promise<Response> => {
    try {
      return await handle(request);
    } catch (error) {
      diag.error(`tracelight relay: ${(error as Error).message}`);
      return new Response(null, { status: 500 });
    }
  }) as Relay;
  relay.status = () => forwarder?.status() ?? forwardingOff('relay not configured');
  relay.close = (timeoutMs) => forwarder?.close(timeoutMs) ?? Promise.resolve();
  return relay;
}
