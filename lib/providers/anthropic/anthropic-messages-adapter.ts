import type { GenAiRequest, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { functionToolDefinitions } from '../shared/function-tool-definitions.js';
import { asNumber, asRecord, asString, asStringList } from '../shared/json-shape.js';
import { anthropicContentParts, anthropicMessages } from './anthropic-content.js';
import { parseAnthropicResponse } from './anthropic-response.js';
import { createAnthropicStreamAccumulator } from './anthropic-stream-accumulator.js';
import { postTo } from '../shared/post-to.js';
import { requestPath } from '../shared/request-path.js';

/**
 * The neutral view of a Messages API request: `system` (a string or blocks) as system instructions.
 *
 * @example
 * parseAnthropicRequest({ url: new URL('https://api.anthropic.com/v1/messages'), method: 'POST', headers: new Headers(),
 *   body: { model: 'claude-haiku-4-5', max_tokens: 1024, system: 'Be brief', messages: [{ role: 'user', content: 'Hi' }] } });
 */
export function parseAnthropicRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const result: GenAiRequest = {
    providerName: 'anthropic',
    operationName: 'chat',
    model: asString(body.model),
    stream: body.stream === true,
    params: compact({
      temperature: asNumber(body.temperature),
      max_tokens: asNumber(body.max_tokens),
      top_p: asNumber(body.top_p),
      top_k: asNumber(body.top_k),
      stop_sequences: asStringList(body.stop_sequences),
    }),
    inputMessages: anthropicMessages(body.messages),
  };
  const system = anthropicContentParts(body.system);
  if (system.length) result.systemInstructions = system;
  const tools = functionToolDefinitions(body.tools, (tool) =>
    tool.input_schema !== undefined ? { name: tool.name, description: tool.description, parameters: tool.input_schema } : undefined,
  );
  if (tools) result.toolDefinitions = tools;
  return result;
}

/**
 * Anthropic Messages (`POST …/v1/messages`) on any host (Anthropic, or a gateway speaking its wire). OpenAI's
 * Assistants API also has `…/threads/{id}/messages`; that path is not this wire.
 *
 * @example
 * anthropicMessagesAdapter.matches({ url: new URL('https://api.anthropic.com/v1/messages'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const anthropicMessagesAdapter: ProviderAdapter = {
  id: 'anthropic.messages',
  matches: (request) => postTo(request, '/messages') && !requestPath(request).includes('/threads/'),
  parseRequest: parseAnthropicRequest,
  parseResponse: (body) => parseAnthropicResponse(body),
  createStreamAccumulator: () => createAnthropicStreamAccumulator(),
  streamFraming: () => 'sse',
};
