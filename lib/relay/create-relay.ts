import { diag } from '@opentelemetry/api';
import { createForwarder, type Forwarder, type ForwarderStatus } from '../forward/create-forwarder.js';
import { decodeTraceRequestProtobuf } from '../forward/decode-otlp-protobuf.js';
import { otlpEncodingOf } from '../forward/decode-trace-body.js';
import { resolveForwardConfig, type ForwardConfig } from '../forward/forward-config.js';
import { countSpans } from '../forward/otlp-types.js';
import { filterValidSpans } from '../forward/validate-otlp-spans.js';
import type { AcceptOtlp } from '../receive/otlp-accept.js';
import { otlpHttpAnswer } from '../receive/otlp-http-answer.js';
import { otlpRefusal, receiveOtlp, type OtlpReceipt } from '../receive/receive-otlp.js';
import { corsHeaders } from './cors-headers.js';
import type { RelayOptions } from './relay-options.js';

/** A relay: a Web-standard request handler plus its forwarder's status and shutdown. */
export interface Relay {
  (request: Request): Promise<Response>;
  /** Forwarding counters (no credentials in them). */
  status(): ForwarderStatus;
  /** Sends what is queued (for at most `timeoutMs`), then stops. */
  close(timeoutMs?: number): Promise<void>;
}

function answer(receipt: OtlpReceipt, headers: Headers): Response {
  const { status, headers: own, body } = otlpHttpAnswer(receipt);
  for (const [name, value] of Object.entries(own)) headers.set(name, value);
  return new Response(body as unknown as BodyInit, { status, headers });
}

const OFF: ForwarderStatus = { target: null, sent: 0, failed: 0, queued: 0, dropped: 0, lastError: 'relay not configured' };

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
    config = options.forward ?? resolveForwardConfig(options.env ?? {});
  } catch (error) {
    diag.error(`tracelight relay: ${(error as Error).message}`);
  }
  if (!config) diag.error('tracelight relay: no forwarding target (set TRACELIGHT_FORWARD or pass `forward`)');
  if (config && options.stripContent !== undefined) config = { ...config, stripContent: options.stripContent };
  const forwarder: Forwarder | null = config ? createForwarder(config, options.forwarderOptions) : null;

  // Spans reach the relay as protobuf (JSON bodies are converted by the receive core); the same id rule as the
  // viewer's decides which are kept.
  const accept: AcceptOtlp = async (_signal, bytes) => {
    const valid = filterValidSpans(decodeTraceRequestProtobuf(bytes));
    if (forwarder && countSpans(valid.request)) {
      forwarder.enqueue(valid.request);
      if (options.waitUntil) options.waitUntil(forwarder.flush());
      else if (options.flushBeforeResponse) await forwarder.flush();
    }
    return { rejected: valid.rejectedSpans, errorMessage: valid.errors.join('; ') || undefined };
  };

  async function handle(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    const allowed = origin ? isAllowed(origin) : !!options.allowNoOrigin;
    const encoding = otlpEncodingOf(request.headers.get('content-type'));
    if (!allowed) return answer(otlpRefusal('forbidden', 'traces', encoding ?? 'json', 'origin not allowed'), new Headers());
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders(origin, request, true) });
    const headers = corsHeaders(origin, request);
    if (!forwarder && request.method === 'POST' && encoding) {
      return answer(otlpRefusal('unavailable', 'traces', encoding, 'relay not configured'), headers);
    }
    const length = Number(request.headers.get('content-length') ?? NaN);
    const receipt = await receiveOtlp(
      {
        signal: 'traces',
        method: request.method,
        contentType: request.headers.get('content-type'),
        contentEncoding: request.headers.get('content-encoding'),
        contentLength: Number.isFinite(length) ? length : null,
        body: request.body,
      },
      { maxBodyBytes, accept },
    );
    return answer(receipt, headers);
  }

  const relay = (async (request: Request): Promise<Response> => {
    try {
      return await handle(request);
    } catch (error) {
      diag.error(`tracelight relay: ${(error as Error).message}`);
      return new Response(null, { status: 500 });
    }
  }) as Relay;
  relay.status = () => forwarder?.status() ?? { ...OFF };
  relay.close = (timeoutMs) => forwarder?.close(timeoutMs) ?? Promise.resolve();
  return relay;
}
