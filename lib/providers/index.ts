import { anthropicMessagesAdapter } from './anthropic/anthropic-messages-adapter.js';
import { anthropicVertexAdapter } from './anthropic/anthropic-vertex-adapter.js';
import { geminiEmbedAdapter } from './gemini/gemini-embed-adapter.js';
import { geminiGenerateContentAdapter } from './gemini/gemini-generate-content-adapter.js';
import { ollamaChatAdapter } from './ollama/ollama-chat-adapter.js';
import { ollamaEmbedAdapter } from './ollama/ollama-embed-adapter.js';
import { ollamaGenerateAdapter } from './ollama/ollama-generate-adapter.js';
import { openAiChatAdapter } from './openai/openai-chat-adapter.js';
import { openAiCompletionsAdapter } from './openai/openai-completions-adapter.js';
import { openAiEmbeddingsAdapter } from './openai/openai-embeddings-adapter.js';
import { openAiResponsesAdapter } from './openai/openai-responses-adapter.js';
import type { ProviderAdapter } from './provider-adapter.js';

/**
 * The built-in wire-format adapters, in match order (the first adapter whose `matches` is true wins). Every adapter
 * recognises its wire from the URL path (and method) on any host, so gateways and compatible servers are traced too.
 * Order matters where paths overlap: Ollama's native `/api/embeddings` before OpenAI's `…/embeddings`, and
 * `…/chat/completions` before legacy `…/completions`.
 *
 * @example
 * const adapter = builtInProviders.find((a) => a.matches({ url: new URL('https://api.anthropic.com/v1/messages'), method: 'POST', headers: new Headers(), body: {} }));
 * adapter?.id; // 'anthropic.messages'
 */
export const builtInProviders: readonly ProviderAdapter[] = /* @__PURE__ */ Object.freeze([
  ollamaChatAdapter,
  ollamaGenerateAdapter,
  ollamaEmbedAdapter,
  geminiGenerateContentAdapter,
  geminiEmbedAdapter,
  anthropicMessagesAdapter,
  anthropicVertexAdapter,
  openAiChatAdapter,
  openAiResponsesAdapter,
  openAiEmbeddingsAdapter,
  openAiCompletionsAdapter,
]);
