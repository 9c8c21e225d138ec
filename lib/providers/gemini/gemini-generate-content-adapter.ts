import type { GenAiRequest, ProviderAdapter, RequestInfo } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asArray, asNumber, asRecord, asString, asStringList } from '../shared/json-shape.js';
import { geminiContents, geminiSystemInstruction } from './gemini-content.js';
import { parseGeminiResponse } from './gemini-response.js';
import { geminiProviderName, geminiRoute } from './gemini-route.js';
import { createGeminiStreamAccumulator } from './gemini-stream-accumulator.js';
import { requestPath } from '../shared/request-path.js';

/**
 * The neutral view of a `generateContent` / `streamGenerateContent` request; the model comes from the URL path.
 *
 * @example
 * parseGeminiGenerateContentRequest({ url: new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent'),
 *   method: 'POST', headers: new Headers(), body: { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] } });
 */
export function parseGeminiGenerateContentRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const route = geminiRoute(request.url.pathname);
  const config = asRecord(body.generationConfig);
  const stream = route?.method === 'streamGenerateContent';
  const count = asNumber(config.candidateCount);
  const result: GenAiRequest = {
    providerName: geminiProviderName(request.url),
    operationName: 'generate_content',
    model: route?.model,
    stream,
    params: compact({
      temperature: asNumber(config.temperature),
      max_tokens: asNumber(config.maxOutputTokens),
      top_p: asNumber(config.topP),
      top_k: asNumber(config.topK),
      frequency_penalty: asNumber(config.frequencyPenalty),
      presence_penalty: asNumber(config.presencePenalty),
      stop_sequences: asStringList(config.stopSequences),
      seed: asNumber(config.seed),
      choice_count: count !== undefined && count !== 1 ? count : undefined,
    }),
    inputMessages: geminiContents(body.contents),
  };
  const system = geminiSystemInstruction(body.systemInstruction ?? body.system_instruction);
  if (system.length) result.systemInstructions = system;
  const tools = geminiToolDefinitions(body.tools);
  if (tools) result.toolDefinitions = tools;
  const mime = asString(config.responseMimeType);
  if (mime) result.attributes = { 'gen_ai.output.type': mime === 'application/json' ? 'json' : mime.startsWith('text/') ? 'text' : mime };
  return result;
}

/** `functionDeclarations` flattened to one neutral definition each; built-in tools (googleSearch ...) as given. */
function geminiToolDefinitions(tools: unknown): unknown[] | undefined {
  const list: unknown[] = [];
  for (const raw of asArray(tools)) {
    const tool = asRecord(raw);
    const declarations = asArray(tool.functionDeclarations ?? tool.function_declarations);
    if (!declarations.length) {
      list.push(raw);
      continue;
    }
    for (const d of declarations) {
      const fn = asRecord(d);
      list.push(compact({ type: 'function', name: fn.name, description: fn.description, parameters: fn.parameters ?? fn.parametersJsonSchema }));
    }
  }
  return list.length ? list : undefined;
}

/**
 * Google Gemini `generateContent` and `streamGenerateContent` (Gemini API and Vertex AI). Streams are SSE with
 * `alt=sse` and one JSON array otherwise.
 *
 * @example
 * geminiGenerateContentAdapter.matches({ url: new URL('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent'), method: 'POST', headers: new Headers(), body: {} }); // true
 */
export const geminiGenerateContentAdapter: ProviderAdapter = {
  id: 'gemini.generate-content',
  matches: (request) => {
    if (request.method !== 'POST') return false;
    const method = geminiRoute(requestPath(request))?.method;
    return method === 'generateContent' || method === 'streamGenerateContent';
  },
  parseRequest: parseGeminiGenerateContentRequest,
  parseResponse: (body) => parseGeminiResponse(body),
  createStreamAccumulator: () => createGeminiStreamAccumulator(),
  streamFraming: (response) => ((response.headers.get('content-type') ?? '').includes('text/event-stream') ? 'sse' : 'json-array'),
  isStream: (response, request) => response.ok && request.stream,
};
