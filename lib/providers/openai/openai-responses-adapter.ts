import type { ProviderAdapter } from '../provider-adapter.js';
import { openAiRoute } from './openai-route.js';
import { parseOpenAiResponsesRequest } from './openai-responses-request.js';
import { parseOpenAiResponsesResponse } from './openai-responses-response.js';
import { createOpenAiResponsesStreamAccumulator } from './openai-responses-stream-accumulator.js';
import { requestPath } from '../shared/request-path.js';

/**
 * The OpenAI Responses API (`POST …/responses`) on any host (OpenAI, Azure `/openai/v1/responses`, compatible servers).
 *
 * @example
 * openAiResponsesAdapter.matches({ url: new URL('https://api.openai.com/v1/responses'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const openAiResponsesAdapter: ProviderAdapter = {
  id: 'openai.responses',
  matches: (request) => request.method === 'POST' && openAiRoute(requestPath(request)) === 'responses',
  parseRequest: parseOpenAiResponsesRequest,
  parseResponse: (body) => parseOpenAiResponsesResponse(body),
  createStreamAccumulator: () => createOpenAiResponsesStreamAccumulator(),
  streamFraming: () => 'sse',
};
