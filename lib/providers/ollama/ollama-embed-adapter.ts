import type { GenAiResponse, ProviderAdapter } from '../provider-adapter.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';
import { ollamaError, ollamaUsage } from './ollama-shared.js';
import { postTo } from '../shared/post-to.js';

/**
 * Ollama's native embeddings (`POST …/api/embed` with `input`, and the older `…/api/embeddings` with `prompt`).
 *
 * @example
 * ollamaEmbedAdapter.matches({ url: new URL('http://localhost:11434/api/embed'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const ollamaEmbedAdapter: ProviderAdapter = {
  id: 'ollama.embed',
  matches: (request) => postTo(request, '/api/embed') || postTo(request, '/api/embeddings'),
  parseRequest: (request) => ({
    providerName: 'ollama',
    operationName: 'embeddings',
    model: asString(asRecord(request.body).model),
    stream: false,
    params: {},
  }),
  parseResponse: (value) => {
    const body = asRecord(value);
    const error = ollamaError(body);
    if (error) return { error };
    const vectors = Array.isArray(body.embedding) ? [body.embedding] : asArray(body.embeddings);
    const response: GenAiResponse = {};
    if (typeof body.model === 'string') response.model = body.model;
    if (vectors.length) {
      response.embeddings = Array.isArray(vectors[0]) ? { count: vectors.length, dimensions: vectors[0].length } : { count: vectors.length };
    }
    const usage = ollamaUsage(body);
    if (usage) response.usage = usage;
    return response;
  },
  createStreamAccumulator: () => ({ push() {}, finish: () => ({}) }),
  isStream: () => false,
};
