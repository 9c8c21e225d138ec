import type { GenAiResponse } from '../provider-adapter';
import { asRecord, asString } from '../shared/json-shape';
import { ollamaError, ollamaMessageParts, ollamaUsage } from './ollama-shared';

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
  const response: GenAiResponse = {};
  if (typeof body.model === 'string') response.model = body.model;
  const parts = body.message ? ollamaMessageParts(asRecord(body.message)) : ollamaMessageParts({ content: body.response, thinking: body.thinking });
  const reason = asString(body.done_reason);
  response.outputMessages = [reason ? { role: 'assistant', parts, finish_reason: reason } : { role: 'assistant', parts }];
  if (reason) response.finishReasons = [reason];
  const usage = ollamaUsage(body);
  if (usage) response.usage = usage;
  return response;
}
