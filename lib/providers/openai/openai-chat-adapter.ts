import type { ProviderAdapter } from '../provider-adapter.js';
import { parseOpenAiChatRequest } from './openai-chat-request.js';
import { parseOpenAiChatResponse } from './openai-chat-response.js';
import { createOpenAiChatStreamAccumulator } from './openai-chat-stream-accumulator.js';
import { openAiRoute } from './openai-route.js';
import { requestPath } from '../shared/request-path.js';

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
