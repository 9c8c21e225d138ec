import type { GenAiResponse, Usage } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asNumber, asRecord, asString } from '../shared/json-shape.js';
import { anthropicContentParts } from './anthropic-content.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * Usage in the GenAI conventions' terms. Anthropic's `input_tokens` leaves out the tokens read from and written to
 * the prompt cache, which come beside it; `gen_ai.usage.input_tokens` includes every input token, so the three are
 * added (as Anthropic's own SDK does for its spans), and the cache counts are kept as the parts they are. Thinking
 * tokens, when reported, are part of `output_tokens`.
 *
 * @example
 * anthropicUsage({ input_tokens: 14, output_tokens: 58, cache_read_input_tokens: 2048, cache_creation_input_tokens: 512 });
 * // { inputTokens: 2574, outputTokens: 58, cacheReadInputTokens: 2048, cacheCreationInputTokens: 512 }
 */
export function anthropicUsage(value: unknown): Usage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const u = value as Record<string, any>;
  const uncached = asNumber(u.input_tokens);
  const cacheRead = asNumber(u.cache_read_input_tokens);
  const cacheCreation = asNumber(u.cache_creation_input_tokens);
  return compact({
    inputTokens: uncached === undefined ? undefined : uncached + (cacheRead ?? 0) + (cacheCreation ?? 0),
    outputTokens: asNumber(u.output_tokens),
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheCreation,
    reasoningTokens: asNumber(asRecord(u.output_tokens_details).thinking_tokens),
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
  return genAiResponse({ id: body.id, model: body.model, messages: parts.length || stop ? [assistantMessage(parts, stop)] : [], usage: anthropicUsage(body.usage) });
}
