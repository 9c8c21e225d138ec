import { asRecord, asString } from '../shared/json-shape.js';

/**
 * The error in an OpenAI-wire error body (`{ error: { message, type, code } }`, also used mid-stream), or undefined.
 * The type is the most specific name given: `code` (`rate_limit_exceeded`), else `type` (`server_error`).
 *
 * @example
 * openAiError({ error: { message: 'Rate limit reached', type: 'tokens', code: 'rate_limit_exceeded' } });
 * // { type: 'rate_limit_exceeded', message: 'Rate limit reached' }
 */
export function openAiError(body: unknown): { type: string; message?: string } | undefined {
  const raw = asRecord(body).error;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return { type: 'error', message: raw };
  const error = asRecord(raw);
  const code = error.code;
  const type = (typeof code === 'string' && code) || (typeof code === 'number' && String(code)) || asString(error.type) || 'error';
  const message = asString(error.message);
  return message === undefined ? { type } : { type, message };
}
