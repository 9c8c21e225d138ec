import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HealthResponse, ImportResponse, TraceResponse, TracesResponse } from '../shared/api-types.js';
import type { ForwarderStatus } from '../../lib/forward/create-forwarder.js';
import { BodyError } from '../../lib/forward/body-error.js';
import { decodeTraceBody } from '../../lib/forward/decode-trace-body.js';
import { OtlpDecodeError, type OtlpTraceRequest } from '../../lib/forward/otlp-types.js';
import { readBody } from './read-body.js';
import { handleReplay } from './replay-routes.js';
import { sendJson } from './request-guard.js';
import type { SpanStore } from './span-store.js';
import { storedSpansToOtlp } from './stored-spans-to-otlp.js';

/** What the API routes need from the server. */
export interface ApiContext {
  store: SpanStore;
  forwarding: () => ForwarderStatus;
  /** Ingests an imported request locally (imports are not forwarded); returns the stored spans' count and traces. */
  importTraces: (request: OtlpTraceRequest) => { spans: number; traceIds: string[] };
  maxBodyBytes: number;
  processMemoryBudget?: number;
  /** The environment replay reads provider keys from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

const TRACE_ID = /^[0-9a-f]{32}$/i;

/**
 * Handles `/api/*` (DESIGN "Viewer contracts"): health, trace list with filters, one trace, clear, export a trace as
 * OTLP JSON, import an OTLP JSON file. Returns false for paths it does not know.
 * @example if (url.pathname.startsWith('/api/') && (await handleApi(req, res, url, ctx))) return;
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ApiContext): Promise<boolean> {
  const path = url.pathname.replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  if (path === '/api/health' && method === 'GET') {
    const s = ctx.store.stats();
    const m = process.memoryUsage();
    const body: HealthResponse = {
      ok: true,
      traces: s.traces,
      spans: s.spans,
      droppedSpans: s.droppedSpans,
      forwarding: ctx.forwarding(),
      bytes: s.bytes,
      maxBytes: s.maxBytes,
      memory: { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, budget: ctx.processMemoryBudget ?? null },
    };
    sendJson(res, 200, body);
    return true;
  }
  if (path === '/api/traces') {
    if (method === 'GET') {
      const q = url.searchParams;
      const limit = Number(q.get('limit') ?? '');
      const body: TracesResponse = {
        traces: ctx.store.listTraces({
          q: q.get('q') ?? undefined,
          model: q.get('model') || undefined,
          service: q.get('service') || undefined,
          errorsOnly: q.get('errors') === '1' || q.get('errors') === 'true',
          limit: Number.isFinite(limit) && limit > 0 ? limit : undefined,
        }),
      };
      sendJson(res, 200, body);
      return true;
    }
    if (method === 'DELETE') {
      ctx.store.clear();
      sendJson(res, 200, { ok: true });
      return true;
    }
    res.setHeader('Allow', 'GET, DELETE');
    sendJson(res, 405, { error: 'method not allowed' });
    return true;
  }
  const match = path.match(/^\/api\/traces\/([^/]+)(\/otlp)?$/);
  if (match) {
    if (method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendJson(res, 405, { error: 'method not allowed' });
      return true;
    }
    const traceId = match[1].toLowerCase();
    const spans = TRACE_ID.test(traceId) ? ctx.store.getTrace(traceId) : null;
    if (!spans) {
      sendJson(res, 404, { error: 'trace not found' });
      return true;
    }
    if (match[2]) {
      res.setHeader('Content-Disposition', `attachment; filename="trace-${traceId}.otlp.json"`);
      sendJson(res, 200, storedSpansToOtlp(spans));
      return true;
    }
    const body: TraceResponse = { traceId, spans };
    sendJson(res, 200, body);
    return true;
  }
  if (path === '/api/import') {
    if (method !== 'POST') {
      res.setHeader('Allow', 'POST');
      sendJson(res, 405, { error: 'method not allowed' });
      return true;
    }
    try {
      const bytes = await readBody(req, ctx.maxBodyBytes);
      const { request, rejectedSpans } = decodeTraceBody(bytes, 'json');
      const { spans, traceIds } = ctx.importTraces(request);
      const body: ImportResponse = { ok: true, imported: spans, traceIds, rejectedSpans };
      sendJson(res, 200, body);
    } catch (error) {
      if (error instanceof BodyError) {
        res.setHeader('Connection', 'close');
        sendJson(res, error.status, { error: error.message });
      } else if (error instanceof OtlpDecodeError) sendJson(res, 400, { error: error.message });
      else throw error;
    }
    return true;
  }
  if (path === '/api/replay') return handleReplay(req, res, url, { getTrace: (id) => ctx.store.getTrace(id), importTraces: ctx.importTraces, env: ctx.env ?? process.env, maxBodyBytes: ctx.maxBodyBytes });
  if (path.startsWith('/api/')) {
    sendJson(res, 404, { error: 'no such API route' });
    return true;
  }
  return false;
}
