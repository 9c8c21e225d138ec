import type { ProviderAdapter } from '../provider-adapter.js';
import { geminiEmbedAdapter } from './gemini-embed-adapter.js';
import { geminiGenerateContentAdapter } from './gemini-generate-content-adapter.js';

/**
 * Gemini (Google AI and Vertex AI): `generateContent`, `streamGenerateContent` (SSE and JSON-array streams) and
 * `embedContent`.
 *
 * @example
 * import { init } from 'tracelight/core';
 * import { gemini } from 'tracelight/gemini';
 * init({ providers: [gemini()] });
 */
export function gemini(): readonly ProviderAdapter[] {
  return [geminiGenerateContentAdapter, geminiEmbedAdapter];
}
