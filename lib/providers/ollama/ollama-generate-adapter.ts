import type { GenAiRequest, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { asRecord, asString } from '../shared/json-shape.js';
import { parseOllamaResponse } from './ollama-response.js';
import { ollamaMessageParts, ollamaParams } from './ollama-shared.js';
import { createOllamaStreamAccumulator } from './ollama-stream-accumulator.js';
import { ollamaStreamFraming, ollamaStreamRequested } from './ollama-stream-kind.js';
import { postTo } from '../shared/post-to.js';

/**
 * The neutral view of an Ollama `/api/generate` request: `prompt` as the user message, `system` as instructions.
 *
 * @example
 * parseOllamaGenerateRequest({ url: new URL('http://localhost:11434/api/generate'), method: 'POST', headers: new Headers(),
 *   body: { model: 'llama3.2', prompt: 'Why is the sky blue?', stream: false } }).stream; // false
 */
export function parseOllamaGenerateRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const parts = ollamaMessageParts({ content: body.prompt, images: body.images });
  const result: GenAiRequest = {
    providerName: 'ollama',
    operationName: 'text_completion',
    model: asString(body.model),
    stream: ollamaStreamRequested(body),
    params: ollamaParams(body),
    inputMessages: [{ role: 'user', parts }],
  };
  if (typeof body.system === 'string' && body.system) result.systemInstructions = [{ type: 'text', content: body.system }];
  return result;
}

/**
 * Ollama's native generate API (`POST …/api/generate`).
 *
 * @example
 * ollamaGenerateAdapter.matches({ url: new URL('http://localhost:11434/api/generate'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const ollamaGenerateAdapter: ProviderAdapter = {
  id: 'ollama.generate',
  matches: (request) => postTo(request, '/api/generate'),
  parseRequest: parseOllamaGenerateRequest,
  parseResponse: (body) => parseOllamaResponse(body),
  createStreamAccumulator: () => createOllamaStreamAccumulator(),
  streamFraming: ollamaStreamFraming,
};

