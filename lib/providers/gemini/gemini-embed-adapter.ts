import type { GenAiRequest, GenAiResponse, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { asArray, asNumber, asRecord } from '../shared/json-shape.js';
import { geminiError } from './gemini-response.js';
import { geminiProviderName, geminiRoute } from './gemini-route.js';
import { requestPath } from '../shared/request-path.js';

/**
 * The neutral view of `embedContent` / `batchEmbedContents`; the model comes from the URL path.
 *
 * @example
 * parseGeminiEmbedRequest({ url: new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent'),
 *   method: 'POST', headers: new Headers(), body: { content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 } });
 */
export function parseGeminiEmbedRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const dimensions = asNumber(body.outputDimensionality) ?? asNumber(asRecord(asArray(body.requests)[0]).outputDimensionality);
  const result: GenAiRequest = {
    providerName: geminiProviderName(request.url),
    operationName: 'embeddings',
    model: geminiRoute(request.url.pathname)?.model,
    stream: false,
    params: {},
  };
  if (dimensions !== undefined) result.attributes = { 'gen_ai.embeddings.dimension.count': dimensions };
  return result;
}

/**
 * The neutral view of an `embedContent` (`{ embedding }`) or `batchEmbedContents` (`{ embeddings }`) response.
 *
 * @example
 * parseGeminiEmbedResponse({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] }); // { embeddings: { count: 2, dimensions: 2 } }
 */
export function parseGeminiEmbedResponse(value: unknown): GenAiResponse {
  const error = geminiError(value);
  if (error) return { error };
  const body = asRecord(value);
  const vectors = body.embedding ? [body.embedding] : asArray(body.embeddings);
  if (!vectors.length) return {};
  const values = asRecord(vectors[0]).values;
  return { embeddings: Array.isArray(values) ? { count: vectors.length, dimensions: values.length } : { count: vectors.length } };
}

/**
 * Google Gemini `embedContent` and `batchEmbedContents`.
 *
 * @example
 * geminiEmbedAdapter.matches({ url: new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const geminiEmbedAdapter: ProviderAdapter = {
  id: 'gemini.embed',
  matches: (request) => {
    if (request.method !== 'POST') return false;
    const method = geminiRoute(requestPath(request))?.method;
    return method === 'embedContent' || method === 'batchEmbedContents';
  },
  parseRequest: parseGeminiEmbedRequest,
  parseResponse: (body) => parseGeminiEmbedResponse(body),
  createStreamAccumulator: () => ({ push() {}, finish: () => ({}) }),
  isStream: () => false,
};
