import type { TraceFilter } from './trace-filter.js';

/** Parameters of `GET /api/traces` (and of `/api/breakdown`, which takes the same filters). */
export interface TraceQuery {
  q?: string;
  model?: string;
  service?: string;
  errors?: boolean;
  session?: string;
  user?: string;
  /** Only traces that started before this time (Unix ms). */
  until?: number;
  limit?: number;
  cursor?: string | null;
}

/**
 * The server query for a list filter (empty fields left out).
 *
 * @example
 * traceQueryOf({ text: 'chat', model: '', service: '', errorsOnly: true }); // { q: 'chat', errors: true }
 */
export function traceQueryOf(filter: TraceFilter): TraceQuery {
  const query: TraceQuery = {};
  if (filter.text.trim()) query.q = filter.text.trim();
  if (filter.model) query.model = filter.model;
  if (filter.service) query.service = filter.service;
  if (filter.errorsOnly) query.errors = true;
  return query;
}

/**
 * A query as URL search parameters.
 *
 * @example
 * traceQueryString({ q: 'chat', errors: true, limit: 200 }); // 'q=chat&errors=1&limit=200'
 */
export function traceQueryString(query: TraceQuery): string {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  if (query.model) p.set('model', query.model);
  if (query.service) p.set('service', query.service);
  if (query.errors) p.set('errors', '1');
  if (query.session) p.set('session', query.session);
  if (query.user) p.set('user', query.user);
  // Rounded up: the server counts whole milliseconds, and a trace in the same millisecond as the bound must not be skipped.
  if (query.until != null) p.set('until', String(Math.ceil(query.until)));
  if (query.limit) p.set('limit', String(query.limit));
  if (query.cursor) p.set('cursor', query.cursor);
  return p.toString();
}
