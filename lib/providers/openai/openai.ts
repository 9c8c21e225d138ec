import type { ProviderAdapter } from '../provider-adapter.js';
import { openAiChatAdapter } from './openai-chat-adapter.js';
import { openAiCompletionsAdapter } from './openai-completions-adapter.js';
import { openAiEmbeddingsAdapter } from './openai-embeddings-adapter.js';
import { openAiResponsesAdapter } from './openai-responses-adapter.js';

/**
 * The OpenAI wire formats, on any host (OpenAI, Azure OpenAI, Groq, Together, OpenRouter, Mistral, DeepSeek, xAI,
 * vLLM, LiteLLM, Ollama's `/v1` ...): Chat Completions, Responses, Embeddings and legacy Completions, streamed or not.
 * With `tracelight/core`, name it to trace these calls (list `ollama()` first if you use Ollama's native API too).
 *
 * @example
 * import { init } from 'tracelight/core';
 * import { openai } from 'tracelight/openai';
 * init({ providers: [openai()] });
 */
export function openai(): readonly ProviderAdapter[] {
  return [openAiChatAdapter, openAiResponsesAdapter, openAiEmbeddingsAdapter, openAiCompletionsAdapter];
}
