import type { ChatMessage, MessagePart } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';
import { modalityOf } from '../shared/media-part.js';

/**
 * One Gemini `Part` as a GenAI part: `text` (or `reasoning` when `thought: true`), `functionCall` -> `tool_call`,
 * `functionResponse` -> `tool_call_response`, `inlineData` -> `blob`, `fileData` -> `uri`.
 *
 * @example
 * geminiPart({ functionCall: { name: 'get_weather', args: { location: 'Paris' } } });
 * // { type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } }
 */
export function geminiPart(raw: unknown): MessagePart | undefined {
  const part = asRecord(raw);
  if (typeof part.text === 'string') return { type: part.thought === true ? 'reasoning' : 'text', content: part.text };
  if (part.functionCall) {
    const call = asRecord(part.functionCall);
    return compact({ type: 'tool_call', id: asString(call.id), name: asString(call.name) ?? '', arguments: call.args });
  }
  if (part.functionResponse) {
    const response = asRecord(part.functionResponse);
    return compact({ type: 'tool_call_response', id: asString(response.id), name: asString(response.name), response: response.response });
  }
  if (part.inlineData) {
    const data = asRecord(part.inlineData);
    const mime = asString(data.mimeType);
    return compact({ type: 'blob', modality: modalityOf(mime), mime_type: mime, content: asString(data.data) });
  }
  if (part.fileData) {
    const file = asRecord(part.fileData);
    const mime = asString(file.mimeType);
    return compact({ type: 'uri', modality: modalityOf(mime), mime_type: mime, uri: asString(file.fileUri) });
  }
  if (part.executableCode) return { type: 'executable_code', ...asRecord(part.executableCode) };
  if (part.codeExecutionResult) return { type: 'code_execution_result', ...asRecord(part.codeExecutionResult) };
  return undefined;
}

/**
 * A list of Gemini parts as GenAI parts (unknown parts are skipped).
 *
 * @example
 * geminiParts([{ text: 'Hi' }, { thought: true, text: 'Hmm' }]); // [{ type: 'text', content: 'Hi' }, { type: 'reasoning', content: 'Hmm' }]
 */
export function geminiParts(parts: unknown): MessagePart[] {
  const out: MessagePart[] = [];
  for (const raw of asArray(parts)) {
    const part = geminiPart(raw);
    if (part) out.push(part);
  }
  return out;
}

/**
 * Gemini `contents` as GenAI messages: role `model` is `assistant`; a turn made only of function responses is `tool`.
 *
 * @example
 * geminiContents([{ role: 'model', parts: [{ text: 'Hi' }] }]); // [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi' }] }]
 */
export function geminiContents(contents: unknown): ChatMessage[] {
  const list = Array.isArray(contents) ? contents : contents && typeof contents === 'object' ? [contents] : [];
  return list.map((raw) => {
    const content = asRecord(raw);
    const parts = geminiParts(content.parts);
    const role = asString(content.role) ?? 'user';
    const onlyResponses = parts.length > 0 && parts.every((p) => p.type === 'tool_call_response');
    return { role: onlyResponses || role === 'function' ? 'tool' : role === 'model' ? 'assistant' : role, parts };
  });
}

/**
 * `systemInstruction` (a Content, or a bare string some clients send) as parts.
 *
 * @example
 * geminiSystemInstruction({ parts: [{ text: 'Be brief.' }] }); // [{ type: 'text', content: 'Be brief.' }]
 */
export function geminiSystemInstruction(value: unknown): MessagePart[] {
  if (typeof value === 'string') return [{ type: 'text', content: value }];
  return geminiParts(asRecord(value).parts);
}
