import type { GenAiRequest, GenAiResponse, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';
import { createOpenAiCompletionsStreamAccumulator } from './openai-completions-stream-accumulator.js';
import { openAiError } from './openai-error.js';
import { openAiRequestParams } from './openai-request-params.js';
import { openAiRoute } from './openai-route.js';
import { openAiUsage } from './openai-usage.js';
import { requestPath } from '../shared/request-path.js';
import { openAiRequestBase } from './openai-request-base.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * The neutral view of a legacy Completions request: the prompt (a string or a list) as one user message.
 *
 * @example
 * parseOpenAiCompletionsRequest({ url: new URL('https://api.openai.com/v1/completions'), method: 'POST', headers: new Headers(),
 *   body: { model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test' } });
 */
export function parseOpenAiCompletionsRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const prompts = typeof body.prompt === 'string' ? [body.prompt] : asArray(body.prompt).filter((p) => typeof p === 'string');
  const result = openAiRequestBase(request, body, 'text_completion', openAiRequestParams(body));
  if (prompts.length) result.inputMessages = [{ role: 'user', parts: prompts.map((content) => ({ type: 'text', content })) }];
  return result;
}

/**
 * The neutral view of a legacy Completions response: each choice's `text` as an assistant message.
 *
 * @example
 * parseOpenAiCompletionsResponse({ id: 'cmpl-1', choices: [{ index: 0, text: 'Hi', finish_reason: 'stop' }] });
 */
export function parseOpenAiCompletionsResponse(value: unknown): GenAiResponse {
  const body = asRecord(value);
  const error = openAiError(body);
  if (error) return { error };
  const messages = asArray(body.choices).map((raw) => {
    const choice = asRecord(raw);
    return assistantMessage([{ type: 'text', content: asString(choice.text) ?? '' }], asString(choice.finish_reason));
  });
  return genAiResponse({ id: body.id, model: body.model, messages, usage: openAiUsage(body.usage) });
}

/**
 * Legacy OpenAI Completions (`POST …/completions`, not chat) on any OpenAI-compatible host.
 *
 * @example
 * openAiCompletionsAdapter.matches({ url: new URL('https://api.openai.com/v1/completions'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const openAiCompletionsAdapter: ProviderAdapter = {
  id: 'openai.completions',
  matches: (request) => request.method === 'POST' && openAiRoute(requestPath(request)) === 'completions',
  parseRequest: parseOpenAiCompletionsRequest,
  parseResponse: (body) => parseOpenAiCompletionsResponse(body),
  createStreamAccumulator: () => createOpenAiCompletionsStreamAccumulator(),
  streamFraming: () => 'sse',
};
