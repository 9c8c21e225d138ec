import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  BreakdownResponse,
  HealthResponse,
  ImportResponse,
  SessionsResponse,
  TraceResponse,
  TracesResponse,
} from '../shared/api-types.js';
import type { ForwardingStatus } from '../../lib/forward/forward-status.js';
import { BodyError } from '../../lib/forward/body-error.js';
import { OtlpDecodeError } from '../../lib/forward/otlp-types.js';
import { readBody, refuseAfterDrain } from './read-body.js';
import { handleReplay } from './replay-routes.js';
import { sendJson } from './request-guard.js';
import type { SpanStore, TraceFilter } from './span-store.js';
import { parseTimeBound } from './parse-time-bound.js';
import { storedSpansToOtlp } from './stored-spans-to-otlp.js';

/** What the API routes need from the server. */
export interface ApiContext {
  store: SpanStore;
  forwarding: () => ForwardingStatus;
  /** Ingests an imported OTLP JSON body locally (imports are not forwarded); returns what was stored and refused. */
  importTraces: (body: Uint8Array) => Promise<{ spans: number; traceIds: string[]; rejectedSpans: number }>;
  maxBodyBytes: number;
  processMemoryBudget?: number;
  /** `--persist` status for `/api/health`. */
  persistStatus?: () => HealthResponse['persist'];
  /** Exports answered 503 to shed load, since start. */
  shedRequests?: () => number;
  /** The environment replay reads provider keys from (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

const TRACE_ID = /^[0-9a-f]{32}$/i;

/**
 * The trace filter of a query string (`q`, `model`, `service`, `errors`, `session`, `user`, `since`, `until`, `limit`,
 * `cursor`); a message when a value cannot be read.
 * @example traceFilterOf(new URLSearchParams('since=10m&errors=1'))
 */
export function traceFilterOf(q: URLSearchParams, now = Date.now()): TraceFilter | string {
  const since = parseTimeBound(q.get('since'), now);
  const until = parseTimeBound(q.get('until'), now);
  if (since === null) return 'since must be a duration (10m, 2h, 1d), Unix milliseconds or an ISO date';
  if (until === null) return 'until must be a duration (10m, 2h, 1d), Unix milliseconds or an ISO date';
  const limit = Number(q.get('limit') ?? '');
  const cursor = q.get('cursor') || undefined;
  if (cursor !== undefined && !/^[0-9a-z]{1,13}$/.test(cursor)) return 'cursor must be the next value of a previous page';
  return {
    q: q.get('q') ?? undefined,
    model: q.get('model') || undefined,
    service: q.get('service') || undefined,
    errorsOnly: q.get('errors') === '1' || q.get('errors') === 'true',
    session: q.get('session') ?? undefined,
    user: q.get('user') ?? undefined,
    sinceNs: since,
    untilNs: until,
    limit: Number.isFinite(limit) && limit > 0 ? limit : undefined,
    cursor,
  };
}

/**
 * Handles `/api/*` (README "The viewer"; docs/architecture.md#contracts): health, trace list with filters, one trace, clear, export a trace as
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
      evictedTraces: s.evictedTraces,
      resentSpans: s.resentSpans,
      rejectedSpans: s.rejectedSpans,
      logs: s.logs,
      forwarding: ctx.forwarding(),
      persist: ctx.persistStatus?.() ?? null,
      shedRequests: ctx.shedRequests?.() ?? 0,
      bytes: s.bytes,
      maxBytes: s.maxBytes,
      memory: { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, budget: ctx.processMemoryBudget ?? null },
    };
    sendJson(res, 200, body);
    return true;
  }
  if (path === '/api/traces') {
    if (method === 'GET') {
      const filter = traceFilterOf(url.searchParams);
      if (typeof filter === 'string') {
        sendJson(res, 400, { error: filter });
        return true;
      }
      const body: TracesResponse = ctx.store.queryTraces(filter);
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
  if (path === '/api/sessions' || path === '/api/breakdown') {
    if (method !== 'GET') {
      res.setHeader('Allow', 'GET');
      sendJson(res, 405, { error: 'method not allowed' });
      return true;
    }
    const filter = traceFilterOf(url.searchParams);
    if (typeof filter === 'string') {
      sendJson(res, 400, { error: filter });
      return true;
    }
    if (path === '/api/sessions') {
      const body: SessionsResponse = ctx.store.listSessions(filter);
      sendJson(res, 200, body);
      return true;
    }
    const by = url.searchParams.get('by') ?? 'model';
    if (by !== 'model' && by !== 'service' && by !== 'user' && by !== 'session') {
      sendJson(res, 400, { error: 'by must be model, service, user or session' });
      return true;
    }
    const body: BreakdownResponse = ctx.store.breakdown(by, filter);
    sendJson(res, 200, body);
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
      const { spans, traceIds, rejectedSpans } = await ctx.importTraces(bytes);
      const body: ImportResponse = { ok: true, imported: spans, traceIds, rejectedSpans };
      sendJson(res, 200, body);
    } catch (error) {
      if (error instanceof BodyError) {
        const { status, message } = error;
        refuseAfterDrain(req, res, () => sendJson(res, status, { error: message }));
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
