import type { Attributes } from './api-types.js';

/**
 * Attributes that name the session (conversation) a span belongs to, in the order they are preferred: the OTel
 * conventions (`session.id`, GenAI `gen_ai.conversation.id`), Traceloop's association properties, OpenInference (which
 * uses `session.id` too), the Vercel AI SDK's telemetry metadata and Langfuse's keys.
 */
export const SESSION_ID_KEYS = [
  'session.id',
  'gen_ai.conversation.id',
  'traceloop.association.properties.session_id',
  'traceloop.association.properties.sessionId',
  'traceloop.association.properties.conversation_id',
  'ai.telemetry.metadata.sessionId',
  'langfuse.session.id',
] as const;

/** Attributes that name the end user, in the order they are preferred. */
export const USER_ID_KEYS = [
  'user.id',
  'enduser.id',
  'traceloop.association.properties.user_id',
  'traceloop.association.properties.userId',
  'ai.telemetry.metadata.userId',
  'langfuse.user.id',
] as const;

function first(attributes: Attributes, keys: readonly string[]): string | null {
  for (const key of keys) {
    const v = attributes[key];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}

/**
 * The session id a span's attributes name, or null.
 * @example sessionIdOf({ 'gen_ai.conversation.id': 'c1' }) // 'c1'
 */
export const sessionIdOf = (attributes: Attributes): string | null => first(attributes, SESSION_ID_KEYS);

/**
 * The user id a span's attributes name, or null.
 * @example userIdOf({ 'user.id': 'u_42' }) // 'u_42'
 */
export const userIdOf = (attributes: Attributes): string | null => first(attributes, USER_ID_KEYS);
