import type { ProviderAdapter } from '../provider-adapter';
import { parseOpenAiChatRequest } from './openai-chat-request';
import { parseOpenAiChatResponse } from './openai-chat-response';
import { createOpenAiChatStreamAccumulator } from './openai-chat-stream-accumulator';
import { openAiRoute } from './openai-route';
import { requestPath } from '../shared/request-path';

/**
 * OpenAI Chat Completions (`POST …/chat/completions`) on any host: OpenAI, Azure deployments, and every
 * OpenAI-compatible server (Groq, Mistral, DeepSeek, OpenRouter, Ollama's `/v1`, vLLM, LiteLLM ...).
 *
 * @example
 * openAiChatAdapter.matches({ url: new URL('https://api.groq.com/openai/v1/chat/completions'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const openAiChatAdapter: ProviderAdapter = {
  id: 'openai.chat',
  matches: (request) => request.method === 'POST' && openAiRoute(requestPath(request)) === 'chat',
  parseRequest: parseOpenAiChatRequest,
  parseResponse: (body) => parseOpenAiChatResponse(body),
  createStreamAccumulator: () => createOpenAiChatStreamAccumulator(),
  streamFraming: () => 'sse',
};
