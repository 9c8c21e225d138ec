import type { GenAiRequest, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { requestPath } from '../shared/request-path.js';
import { parseAnthropicRequest } from './anthropic-messages-adapter.js';
import { parseAnthropicResponse } from './anthropic-response.js';
import { createAnthropicStreamAccumulator } from './anthropic-stream-accumulator.js';

const ROUTE = /\/publishers\/anthropic\/models\/([^/:]+):(rawPredict|streamRawPredict)$/;

/**
 * Claude on Vertex AI (`…/publishers/anthropic/models/{model}:rawPredict|streamRawPredict`, what
 * `@anthropic-ai/vertex-sdk` calls): the Messages wire with the model in the path. Named `gcp.vertex_ai`, like every
 * model served by Vertex (as Bedrock is `aws.bedrock` whoever made the model).
 *
 * @example
 * parseAnthropicVertexRequest({ url: new URL('https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5:streamRawPredict'),
 *   method: 'POST', headers: new Headers(), body: { anthropic_version: 'vertex-2023-10-16', max_tokens: 64, messages: [], stream: true } }).model; // 'claude-haiku-4-5'
 */
export function parseAnthropicVertexRequest(request: RequestInfo): GenAiRequest {
  const parsed = parseAnthropicRequest(request);
  const route = ROUTE.exec(request.url.pathname);
  parsed.providerName = 'gcp.vertex_ai';
  if (route) {
    parsed.model = decodeURIComponent(route[1]);
    if (route[2] === 'streamRawPredict') parsed.stream = true;
  }
  return parsed;
}

/**
 * Anthropic Messages served by Vertex AI.
 *
 * @example
 * anthropicVertexAdapter.matches({ url: new URL('https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/anthropic/models/claude-haiku-4-5:rawPredict'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const anthropicVertexAdapter: ProviderAdapter = {
  id: 'anthropic.vertex',
  matches: (request) => {
    if (request.method !== 'POST') return false;
    const path = requestPath(request);
    return path.includes(':') && ROUTE.test(path);
  },
  parseRequest: parseAnthropicVertexRequest,
  parseResponse: (body) => parseAnthropicResponse(body),
  createStreamAccumulator: () => createAnthropicStreamAccumulator(),
  streamFraming: () => 'sse',
};
