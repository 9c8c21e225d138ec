import type { GenAiResponse, Usage } from '../provider-adapter';
import { compact } from '../shared/compact';
import { asNumber, asRecord, asString } from '../shared/json-shape';
import { anthropicContentParts } from './anthropic-content';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response';

/**
 * Usage exactly as Anthropic reports it. Note `input_tokens` there excludes cache reads and writes, which come
 * separately; we keep them separate rather than add them up.
 *
 * @example
 * anthropicUsage({ input_tokens: 21, output_tokens: 12, cache_read_input_tokens: 0 });
 * // { inputTokens: 21, outputTokens: 12, cacheReadInputTokens: 0 }
 */
export function anthropicUsage(value: unknown): Usage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const u = value as Record<string, any>;
  return compact({
    inputTokens: asNumber(u.input_tokens),
    outputTokens: asNumber(u.output_tokens),
    cacheReadInputTokens: asNumber(u.cache_read_input_tokens),
    cacheCreationInputTokens: asNumber(u.cache_creation_input_tokens),
  });
}

/**
 * The error of an Anthropic error body or `error` stream event (`{ type: 'error', error: { type, message } }`).
 *
 * @example
 * anthropicError({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }); // { type: 'overloaded_error', message: 'Overloaded' }
 */
export function anthropicError(value: unknown): GenAiResponse['error'] {
  const body = asRecord(value);
  if (body.type !== 'error' && !body.error) return undefined;
  const error = asRecord(body.error);
  const message = asString(error.message);
  const type = asString(error.type) ?? 'error';
  return message === undefined ? { type } : { type, message };
}

/**
 * The neutral view of a Messages API response body (or error body).
 *
 * @example
 * parseAnthropicResponse({ id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'Hi' }], stop_reason: 'end_turn', usage: { input_tokens: 5, output_tokens: 2 } });
 */
export function parseAnthropicResponse(value: unknown): GenAiResponse {
  const error = anthropicError(value);
  if (error) return { error };
  const body = asRecord(value);
  const stop = asString(body.stop_reason);
  const parts = anthropicContentParts(body.content);
  return genAiResponse(body.id, body.model, parts.length || stop ? [assistantMessage(parts, stop)] : [], anthropicUsage(body.usage));
}
