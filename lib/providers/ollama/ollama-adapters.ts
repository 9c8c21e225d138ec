import type { ChatMessage, GenAiRequest, GenAiResponse, MessagePart, ProviderAdapter, RequestInfo, StreamFraming } from '../provider-adapter';
import { functionToolDefinitions } from '../shared/function-tool-definitions';
import { asArray, asRecord, asString } from '../shared/json-shape';
import { createOllamaStreamAccumulator } from './ollama-stream-accumulator';
import { ollamaError, ollamaMessageParts, ollamaParams, ollamaUsage } from './ollama-shared';

const pathIs = (request: RequestInfo, suffix: string) =>
  request.method === 'POST' && (request.url.pathname.endsWith(suffix) || request.url.pathname.endsWith(suffix + '/'));

/** Ollama streams by default: a request is streamed unless the body says `stream: false`. */
const isStreamed = (body: Record<string, any>) => body.stream !== false;

/** NDJSON when Ollama says so; an event stream if a proxy re-framed it. */
const framing = (response: Response): StreamFraming =>
  (response.headers.get('content-type') ?? '').includes('text/event-stream') ? 'sse' : 'ndjson';

const isStream = (response: Response, request: GenAiRequest) => {
  if (!response.ok) return false;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('ndjson') || type.includes('text/event-stream')) return true;
  return request.stream && !type.includes('application/json');
};

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
    stream: isStreamed(body),
    params: ollamaParams(body),
    inputMessages: messages,
  };
  const tools = functionToolDefinitions(body.tools, (tool) => (tool.type === 'function' ? asRecord(tool.function) : undefined));
  if (tools) result.toolDefinitions = tools;
  if (body.format !== undefined) result.attributes = { 'gen_ai.output.type': body.format === 'text' ? 'text' : 'json' };
  return result;
}

/**
 * The neutral view of a non-streamed `/api/chat` or `/api/generate` response (the single `done: true` object).
 *
 * @example
 * parseOllamaResponse({ model: 'llama3.2', message: { role: 'assistant', content: 'Hi' }, done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 1 });
 */
export function parseOllamaResponse(value: unknown): GenAiResponse {
  const body = asRecord(value);
  const error = ollamaError(body);
  if (error) return { error };
  const response: GenAiResponse = {};
  if (typeof body.model === 'string') response.model = body.model;
  const parts = body.message ? ollamaMessageParts(asRecord(body.message)) : ollamaMessageParts({ content: body.response, thinking: body.thinking });
  const reason = asString(body.done_reason);
  response.outputMessages = [reason ? { role: 'assistant', parts, finish_reason: reason } : { role: 'assistant', parts }];
  if (reason) response.finishReasons = [reason];
  const usage = ollamaUsage(body);
  if (usage) response.usage = usage;
  return response;
}

/**
 * Ollama's native chat API (`POST …/api/chat`, NDJSON streams) on any host.
 *
 * @example
 * ollamaChatAdapter.matches({ url: new URL('http://localhost:11434/api/chat'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const ollamaChatAdapter: ProviderAdapter = {
  id: 'ollama.chat',
  matches: (request) => pathIs(request, '/api/chat'),
  parseRequest: parseOllamaChatRequest,
  parseResponse: (body) => parseOllamaResponse(body),
  createStreamAccumulator: () => createOllamaStreamAccumulator(),
  streamFraming: framing,
  isStream,
};

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
    stream: isStreamed(body),
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
  matches: (request) => pathIs(request, '/api/generate'),
  parseRequest: parseOllamaGenerateRequest,
  parseResponse: (body) => parseOllamaResponse(body),
  createStreamAccumulator: () => createOllamaStreamAccumulator(),
  streamFraming: framing,
  isStream,
};

/**
 * Ollama's native embeddings (`POST …/api/embed` with `input`, and the older `…/api/embeddings` with `prompt`).
 *
 * @example
 * ollamaEmbedAdapter.matches({ url: new URL('http://localhost:11434/api/embed'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const ollamaEmbedAdapter: ProviderAdapter = {
  id: 'ollama.embed',
  matches: (request) => pathIs(request, '/api/embed') || pathIs(request, '/api/embeddings'),
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
