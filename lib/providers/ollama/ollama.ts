import type { ProviderAdapter } from '../provider-adapter.js';
import { ollamaChatAdapter } from './ollama-chat-adapter.js';
import { ollamaEmbedAdapter } from './ollama-embed-adapter.js';
import { ollamaGenerateAdapter } from './ollama-generate-adapter.js';

/**
 * Ollama's native API: `/api/chat`, `/api/generate` (NDJSON streams) and embeddings. Its `/v1` routes are OpenAI's
 * wire format (`openai()`); list `ollama()` before `openai()` so `/api/embeddings` is read as Ollama's.
 *
 * @example
 * import { init } from 'tracelight/core';
 * import { ollama } from 'tracelight/ollama';
 * init({ providers: [ollama()] });
 */
export function ollama(): readonly ProviderAdapter[] {
  return [ollamaChatAdapter, ollamaGenerateAdapter, ollamaEmbedAdapter];
}
