import type { GenAiRequest, GenAiResponse, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { asArray, asNumber, asRecord, asString } from '../shared/json-shape.js';
import { openAiError } from './openai-error.js';
import { openAiRoute } from './openai-route.js';
import { openAiUsage } from './openai-usage.js';
import { requestPath } from '../shared/request-path.js';
import { openAiRequestBase } from './openai-request-base.js';

/**
 * The neutral view of an Embeddings request. Inputs are not recorded as messages (they are not a conversation).
 *
 * @example
 * parseOpenAiEmbeddingsRequest({ url: new URL('https://api.openai.com/v1/embeddings'), method: 'POST', headers: new Headers(),
 *   body: { model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 8 } });
 */
export function parseOpenAiEmbeddingsRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const format = asString(body.encoding_format);
  const result = openAiRequestBase(request, body, 'embeddings', format ? { encoding_formats: [format] } : {});
  const dimensions = asNumber(body.dimensions);
  if (dimensions !== undefined) result.attributes = { 'gen_ai.embeddings.dimension.count': dimensions };
  return result;
}

/**
 * The neutral view of an Embeddings response: vector count and dimension (also for base64-encoded vectors), usage.
 *
 * @example
 * parseOpenAiEmbeddingsResponse({ data: [{ embedding: [0.1, 0.2] }], model: 'text-embedding-3-small', usage: { prompt_tokens: 2, total_tokens: 2 } });
 * // { model: 'text-embedding-3-small', embeddings: { count: 1, dimensions: 2 }, usage: { inputTokens: 2, totalTokens: 2 } }
 */
export function parseOpenAiEmbeddingsResponse(value: unknown): GenAiResponse {
  const body = asRecord(value);
  const error = openAiError(body);
  if (error) return { error };
  const data = asArray(body.data);
  const response: GenAiResponse = {};
  if (typeof body.model === 'string') response.model = body.model;
  if (data.length) {
    const dimensions = vectorLength(asRecord(data[0]).embedding);
    response.embeddings = dimensions === undefined ? { count: data.length } : { count: data.length, dimensions };
  }
  const usage = openAiUsage(body.usage);
  if (usage) response.usage = usage;
  return response;
}

/** Length of a float vector, or of a base64 little-endian float32 vector (4 bytes per dimension). */
function vectorLength(embedding: unknown): number | undefined {
  if (Array.isArray(embedding)) return embedding.length;
  if (typeof embedding !== 'string') return undefined;
  const padding = embedding.endsWith('==') ? 2 : embedding.endsWith('=') ? 1 : 0;
  return Math.floor(((embedding.length * 3) / 4 - padding) / 4);
}

/**
 * OpenAI Embeddings (`POST …/embeddings`) on any OpenAI-compatible host.
 *
 * @example
 * openAiEmbeddingsAdapter.matches({ url: new URL('https://api.mistral.ai/v1/embeddings'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const openAiEmbeddingsAdapter: ProviderAdapter = {
  id: 'openai.embeddings',
  matches: (request) => request.method === 'POST' && openAiRoute(requestPath(request)) === 'embeddings',
  parseRequest: parseOpenAiEmbeddingsRequest,
  parseResponse: (body) => parseOpenAiEmbeddingsResponse(body),
  createStreamAccumulator: () => ({ push() {}, finish: () => ({}) }),
  isStream: () => false,
};
