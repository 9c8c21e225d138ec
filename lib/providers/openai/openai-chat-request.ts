import type { ChatMessage, GenAiRequest, MessagePart, RequestInfo } from '../provider-adapter.js';
import { functionToolDefinitions } from '../shared/function-tool-definitions.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';
import { openAiContentParts } from './openai-content-parts.js';
import { appendOpenAiToolCallParts } from './openai-tool-call-parts.js';
import { openAiRequestAttributes, openAiRequestParams } from './openai-request-params.js';
import { openAiRequestBase } from './openai-request-base.js';

/**
 * The neutral view of a Chat Completions request. System and developer messages stay in the input messages: on this
 * wire they are part of the chat history, which is where the GenAI conventions want them.
 *
 * @example
 * parseOpenAiChatRequest({ url: new URL('https://api.openai.com/v1/chat/completions'), method: 'POST', headers: new Headers(),
 *   body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] } });
 */
export function parseOpenAiChatRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const result = openAiRequestBase(request, body, 'chat', openAiRequestParams(body));
  result.inputMessages = openAiChatMessages(body.messages);
  const tools = functionToolDefinitions(body.tools ?? body.functions, (tool) =>
    tool.type === 'function' ? asRecord(tool.function) : tool.type === undefined ? tool : undefined,
  );
  if (tools) result.toolDefinitions = tools;
  const attributes = openAiRequestAttributes(body);
  if (attributes) result.attributes = attributes;
  return result;
}

/**
 * Chat Completions `messages` as GenAI messages: assistant `tool_calls` become `tool_call` parts and `tool` messages
 * `tool_call_response` parts.
 *
 * @example
 * openAiChatMessages([{ role: 'tool', tool_call_id: 'call_1', content: '18°C' }]);
 * // [{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '18°C' }] }]
 */
export function openAiChatMessages(messages: unknown): ChatMessage[] {
  return asArray(messages).map((raw) => {
    const message = asRecord(raw);
    const role = asString(message.role) ?? 'user';
    if (role === 'tool' || role === 'function') {
      const response = typeof message.content === 'string' ? message.content : textOf(message.content);
      const part: MessagePart = { type: 'tool_call_response', response };
      const id = asString(message.tool_call_id);
      if (id) part.id = id;
      return { role: 'tool', parts: [part] };
    }
    const parts = openAiContentParts(message.content);
    if (typeof message.refusal === 'string') parts.push({ type: 'refusal', content: message.refusal });
    appendOpenAiToolCallParts(message, parts);
    const out: ChatMessage = { role, parts };
    if (typeof message.name === 'string') out.name = message.name;
    return out;
  });
}

/** Text content given as parts (a tool result may be `[{ type: 'text', text }]`), joined. */
function textOf(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.map((p) => asString(asRecord(p).text));
  return texts.every((t) => t !== undefined) ? texts.join('') : content;
}
