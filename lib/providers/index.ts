import { anthropicMessagesAdapter } from './anthropic/anthropic-messages-adapter';
import { anthropicVertexAdapter } from './anthropic/anthropic-vertex-adapter';
import { geminiEmbedAdapter } from './gemini/gemini-embed-adapter';
import { geminiGenerateContentAdapter } from './gemini/gemini-generate-content-adapter';
import { ollamaChatAdapter } from './ollama/ollama-chat-adapter';
import { ollamaEmbedAdapter } from './ollama/ollama-embed-adapter';
import { ollamaGenerateAdapter } from './ollama/ollama-generate-adapter';
import { openAiChatAdapter } from './openai/openai-chat-adapter';
import { openAiCompletionsAdapter } from './openai/openai-completions-adapter';
import { openAiEmbeddingsAdapter } from './openai/openai-embeddings-adapter';
import { openAiResponsesAdapter } from './openai/openai-responses-adapter';
import type { ProviderAdapter } from './provider-adapter';

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
