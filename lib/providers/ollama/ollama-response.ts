import type { GenAiResponse } from '../provider-adapter.js';
import { asRecord, asString } from '../shared/json-shape.js';
import { ollamaError, ollamaMessageParts, ollamaUsage } from './ollama-shared.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * The neutral view of a non-streamed `/api/chat` or `/api/generate` response (the single `done: true` object).
 *
 * @example
 * parseOllamaResponse({ model: 'llama3.2', message: { role: 'assistant', content: 'Hi' }, done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 1 });
 */
export function parseOllamaResponse(value: unknown): GenAiResponse {
  const body = asRecord(value);
  const error = ollamaError(body);
  if (error) return { error };
  const parts = body.message ? ollamaMessageParts(asRecord(body.message)) : ollamaMessageParts({ content: body.response, thinking: body.thinking });
  return genAiResponse({ model: body.model, messages: [assistantMessage(parts, asString(body.done_reason))], usage: ollamaUsage(body) });
}
