import type { ChatMessage, GenAiRequest, MessagePart, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { functionToolDefinitions } from '../shared/function-tool-definitions.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';
import { parseOllamaResponse } from './ollama-response.js';
import { ollamaMessageParts, ollamaParams } from './ollama-shared.js';
import { createOllamaStreamAccumulator } from './ollama-stream-accumulator.js';
import { ollamaStreamFraming, ollamaStreamRequested } from './ollama-stream-kind.js';
import { postTo } from '../shared/post-to.js';

/**
 * The neutral view of an Ollama `/api/chat` request.
 *
 * @example
 * parseOllamaChatRequest({ url: new URL('http://localhost:11434/api/chat'), method: 'POST', headers: new Headers(),
 *   body: { model: 'llama3.2', messages: [{ role: 'user', content: 'Hi' }] } }).stream; // true
 */
export function parseOllamaChatRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const messages: ChatMessage[] = asArray(body.messages).map((raw) => {
    const message = asRecord(raw);
    const role = asString(message.role) ?? 'user';
    if (role === 'tool') {
      const part: MessagePart = { type: 'tool_call_response', response: message.content };
      if (typeof message.tool_call_id === 'string') part.id = message.tool_call_id;
      const out: ChatMessage = { role, parts: [part] };
      const name = asString(message.tool_name) ?? asString(message.name);
      if (name) out.name = name;
      return out;
    }
    return { role, parts: ollamaMessageParts(message) };
  });
  const result: GenAiRequest = {
    providerName: 'ollama',
    operationName: 'chat',
    model: asString(body.model),
    stream: ollamaStreamRequested(body),
    params: ollamaParams(body),
    inputMessages: messages,
  };
  const tools = functionToolDefinitions(body.tools, (tool) => (tool.type === 'function' ? asRecord(tool.function) : undefined));
  if (tools) result.toolDefinitions = tools;
  if (body.format !== undefined) result.attributes = { 'gen_ai.output.type': body.format === 'text' ? 'text' : 'json' };
  return result;
}

/**
 * Ollama's native chat API (`POST …/api/chat`, NDJSON streams) on any host.
 *
 * @example
 * ollamaChatAdapter.matches({ url: new URL('http://localhost:11434/api/chat'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const ollamaChatAdapter: ProviderAdapter = {
  id: 'ollama.chat',
  matches: (request) => postTo(request, '/api/chat'),
  parseRequest: parseOllamaChatRequest,
  parseResponse: (body) => parseOllamaResponse(body),
  createStreamAccumulator: () => createOllamaStreamAccumulator(),
  streamFraming: ollamaStreamFraming,
};

