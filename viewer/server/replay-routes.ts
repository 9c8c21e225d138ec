import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError } from '../../lib/forward/body-error.js';
import type { MessagePart, NormalizedMessage, StoredSpan } from '../shared/api-types.js';
import { replayTarget } from '../shared/replay-target.js';
import type { ReplayCapabilities, ReplayCheck, ReplayError, ReplayParameters, ReplayProvider, ReplayRequest, ReplayResult } from '../shared/replay-types.js';
import { readBody } from './read-body.js';
import { replayCredential, replayKeyStatus, type ReplayEnv } from './replay-credentials.js';
import { createReplayTracer } from './replay-tracing.js';
import { buildWireCall, type ReplayContent } from './replay-wire.js';
import { sendJson } from './request-guard.js';

/** What the replay routes need from the server. */
export interface ReplayContext {
  /** One trace's spans, or null. */
  getTrace(traceId: string): StoredSpan[] | null;
  /** Stores an OTLP JSON body locally, as `POST /api/import` does (the replay's span). */
  importTraces(otlpJson: Uint8Array): Promise<unknown>;
  /** Where keys and base URLs are read from. */
  env: ReplayEnv;
  maxBodyBytes: number;
  /** The fetch replays go out with (tests pass their own); default the global one. */
  fetch?: typeof fetch;
}

const REPLAY_TIMEOUT_MS = 120_000;
const PARAMETER_NAMES = ['temperature', 'max_tokens', 'top_p', 'top_k', 'frequency_penalty', 'presence_penalty', 'seed'] as const;

/**
 * `GET /api/replay` (which providers' keys are set, never the keys), `GET /api/replay?traceId=&spanId=` (whether and
 * where that call would be replayed, and the draft to edit), and `POST /api/replay` (send the edited call: the
 * server adds the key from its environment, only for the host the key belongs to, traces the call with this
 * library as a new GenAI span linked to the original, and answers the new span's ids). The POST needs a JSON body
 * with `confirmed: true`; foreign Origins are refused before this runs (`guardRequest`). Returns false for other paths.
 *
 * @example
 * if (path.startsWith('/api/replay')) return handleReplay(req, res, url, replayContext);
 */
export async function handleReplay(req: IncomingMessage, res: ServerResponse, url: URL, ctx: ReplayContext): Promise<boolean> {
  if (url.pathname.replace(/\/+$/, '') !== '/api/replay') return false;
  if (req.method === 'GET') {
    const traceId = url.searchParams.get('traceId');
    const spanId = url.searchParams.get('spanId');
    if (!traceId || !spanId) {
      const body: ReplayCapabilities = { keys: replayKeyStatus(ctx.env), loopbackWithoutKey: true };
      sendJson(res, 200, body);
      return true;
    }
    const span = findSpan(ctx, traceId, spanId);
    if (!span) return fail(res, 404, 'No such span in the store (evicted or cleared?).');
    sendJson(res, 200, check(span, ctx.env));
    return true;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'GET, POST');
    return fail(res, 405, 'method not allowed');
  }
  // A JSON content type cannot come from a plain HTML form, so a cross-site page must pass a CORS preflight first.
  if (!String(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    return fail(res, 415, 'Send the replay as application/json.');
  }
  let request: ReplayRequest;
  try {
    request = parseRequest(JSON.parse((await readBody(req, ctx.maxBodyBytes)).toString('utf8')));
  } catch (error) {
    if (error instanceof BodyError) return fail(res, error.status, error.message);
    return fail(res, 400, error instanceof Error ? error.message : String(error));
  }
  if (request.confirmed !== true) return fail(res, 400, 'Every replay must be confirmed: send "confirmed": true.');
  const span = findSpan(ctx, request.traceId, request.spanId);
  if (!span) return fail(res, 404, 'No such span in the store (evicted or cleared?).');
  const target = replayTarget(span.attributes);
  if (!target.ok) return fail(res, 422, target.reason);
  const credential = replayCredential(target.provider, target.origin, ctx.env);
  if (!credential.ok) return fail(res, 403, credential.error, credential.keyVariable);

  const content: ReplayContent = {
    model: request.model,
    system: request.system,
    messages: request.messages,
    parameters: request.parameters,
    stream: request.stream,
    tools: toolDefinitions(span),
  };
  const call = buildWireCall(target.wire, target.endpoint, content);
  const headers = { ...call.headers, ...authHeaders(target.provider, credential.key) };
  let ids: { traceId: string; spanId: string } | null = null;
  let status = 0;
  let error: string | undefined;
  const tracer = createReplayTracer((otlpJson) => ctx.importTraces(otlpJson));
  try {
    const tracedFetch = tracer.fetchFor({ traceId: span.traceId, spanId: span.spanId }, (created) => (ids = created), ctx.fetch);
    const response = await tracedFetch(call.url, {
      method: 'POST',
      headers,
      body: JSON.stringify(call.body),
      signal: AbortSignal.timeout(REPLAY_TIMEOUT_MS),
    });
    status = response.status;
    // Read to the end: the span ends (with usage and output) when the body does.
    await response.text();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  } finally {
    await tracer.flush();
    await tracer.shutdown();
  }
  if (!ids) return fail(res, 502, error ?? 'The call was not traced.');
  const body: ReplayResult & { error?: string } = { ok: true, ...(ids as { traceId: string; spanId: string }), status, url: call.url, keyVariable: credential.keyVariable };
  if (error) body.error = error;
  sendJson(res, 200, body);
  return true;
}

function fail(res: ServerResponse, status: number, error: string, keyVariable?: string): true {
  const body: ReplayError = { ok: false, error };
  if (keyVariable) body.keyVariable = keyVariable;
  sendJson(res, status, body);
  return true;
}

function findSpan(ctx: ReplayContext, traceId: string, spanId: string): StoredSpan | null {
  if (!/^[0-9a-f]{32}$/i.test(traceId)) return null;
  return ctx.getTrace(traceId.toLowerCase())?.find((s) => s.spanId === spanId.toLowerCase()) ?? null;
}

function check(span: StoredSpan, env: ReplayEnv): ReplayCheck {
  const target = replayTarget(span.attributes);
  if (!target.ok) return { ok: false, error: target.reason, keyVariable: null, sendsKey: false };
  const credential = replayCredential(target.provider, target.origin, env);
  const url = target.endpoint.replace('{model}', encodeURIComponent(draftOf(span).model));
  if (!credential.ok) return { ok: false, error: credential.error, keyVariable: credential.keyVariable ?? null, sendsKey: false, wire: target.wire, url };
  return { ok: true, keyVariable: credential.keyVariable, sendsKey: !!credential.key, wire: target.wire, url, draft: draftOf(span) };
}

/** The recorded call as the editor's starting point. */
function draftOf(span: StoredSpan): NonNullable<ReplayCheck['draft']> {
  const ai = span.genAi;
  const a = span.attributes;
  const parameters: ReplayParameters = {};
  for (const name of PARAMETER_NAMES) {
    const v = a[`gen_ai.request.${name}`];
    if (typeof v === 'number' && Number.isFinite(v)) parameters[name] = v;
  }
  const stop = a['gen_ai.request.stop_sequences'];
  if (Array.isArray(stop) && stop.every((s) => typeof s === 'string')) parameters.stop_sequences = stop as string[];
  const system = (ai?.systemInstructions ?? []).map((p) => (typeof p.content === 'string' ? p.content : '')).join('\n') || null;
  return {
    model: ai?.requestModel ?? ai?.responseModel ?? '',
    system,
    messages: ai?.inputMessages ?? [],
    parameters,
    stream: a['gen_ai.request.stream'] === true,
  };
}

function toolDefinitions(span: StoredSpan): unknown[] | null {
  const raw = span.attributes['gen_ai.tool.definitions'];
  if (typeof raw !== 'string') return Array.isArray(raw) ? raw : null;
  try {
    const parsed = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function authHeaders(provider: ReplayProvider, key: string | null): Record<string, string> {
  if (!key) return {};
  if (provider === 'openai') return { authorization: `Bearer ${key}` };
  if (provider === 'anthropic') return { 'x-api-key': key };
  if (provider === 'gemini') return { 'x-goog-api-key': key };
  return {};
}

/** Checks a POST body's shape; throws with a message a user can act on. */
function parseRequest(value: unknown): ReplayRequest {
  const v = value as Partial<ReplayRequest> | null;
  if (!v || typeof v !== 'object') throw new Error('The body must be a JSON object.');
  if (typeof v.traceId !== 'string' || typeof v.spanId !== 'string') throw new Error('traceId and spanId are required.');
  if (typeof v.model !== 'string' || !v.model.trim()) throw new Error('model is required.');
  if (v.system != null && typeof v.system !== 'string') throw new Error('system must be text or null.');
  if (!Array.isArray(v.messages) || !v.messages.length) throw new Error('messages must be a non-empty list.');
  const messages: NormalizedMessage[] = v.messages.map((m, i) => {
    if (!m || typeof m.role !== 'string' || !Array.isArray(m.parts)) throw new Error(`message ${i + 1} needs a role and parts.`);
    const parts = m.parts.filter((p): p is MessagePart => !!p && typeof p === 'object' && typeof p.type === 'string');
    return { role: m.role, parts };
  });
  const parameters: ReplayParameters = {};
  const raw = (v.parameters ?? {}) as Record<string, unknown>;
  for (const name of PARAMETER_NAMES) {
    const p = raw[name];
    if (p === undefined || p === null || p === '') continue;
    if (typeof p !== 'number' || !Number.isFinite(p)) throw new Error(`parameter ${name} must be a number.`);
    parameters[name] = p;
  }
  if (raw.stop_sequences != null) {
    if (!Array.isArray(raw.stop_sequences) || !raw.stop_sequences.every((s) => typeof s === 'string')) throw new Error('stop_sequences must be a list of strings.');
    parameters.stop_sequences = raw.stop_sequences as string[];
  }
  return {
    traceId: v.traceId,
    spanId: v.spanId,
    model: v.model.trim(),
    system: v.system ?? null,
    messages,
    parameters,
    stream: v.stream === true,
    confirmed: v.confirmed as true,
  };
}
