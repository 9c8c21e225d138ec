import type { ChatMessage, GenAiRequest, MessagePart, RequestInfo } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { functionToolDefinitions } from '../shared/function-tool-definitions.js';
import { asArray, asNumber, asRecord, asString, parseToolArguments } from '../shared/json-shape.js';
import { openAiContentParts } from './openai-content-parts.js';
import { openAiRequestAttributes } from './openai-request-params.js';
import { openAiRequestBase } from './openai-request-base.js';

/**
 * The neutral view of a Responses API request (`POST …/responses`): `input` as a string or a list of items,
 * `instructions` as the system instructions.
 *
 * @example
 * parseOpenAiResponsesRequest({ url: new URL('https://api.openai.com/v1/responses'), method: 'POST', headers: new Headers(),
 *   body: { model: 'gpt-4.1-mini', instructions: 'Be brief', input: 'Hi' } });
 */
export function parseOpenAiResponsesRequest(request: RequestInfo): GenAiRequest {
  const body = asRecord(request.body);
  const result = openAiRequestBase(
    request,
    body,
    'chat',
    compact({
      temperature: asNumber(body.temperature),
      max_tokens: asNumber(body.max_output_tokens),
      top_p: asNumber(body.top_p),
    }),
  );
  result.inputMessages = openAiResponsesInput(body.input);
  if (typeof body.instructions === 'string' && body.instructions) {
    result.systemInstructions = [{ type: 'text', content: body.instructions }];
  }
  const tools = functionToolDefinitions(body.tools, (tool) => (tool.type === 'function' ? tool : undefined));
  if (tools) result.toolDefinitions = tools;
  const attributes = openAiRequestAttributes(body);
  if (attributes) result.attributes = attributes;
  return result;
}

/**
 * Responses API `input` as GenAI messages. Consecutive items of the same role (e.g. several `function_call` items)
 * are merged into one message, like the assistant turn they come from.
 *
 * @example
 * openAiResponsesInput([{ type: 'function_call_output', call_id: 'call_1', output: '18°C' }]);
 * // [{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '18°C' }] }]
 */
export function openAiResponsesInput(input: unknown): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  const messages: ChatMessage[] = [];
  const add = (role: string, parts: MessagePart[]) => {
    const last = messages[messages.length - 1];
    if (last && last.role === role && role !== 'user' && role !== 'system' && role !== 'developer') last.parts.push(...parts);
    else messages.push({ role, parts });
  };
  for (const raw of asArray(input)) {
    const item = asRecord(raw);
    switch (item.type) {
      case undefined:
      case 'message':
        add(asString(item.role) ?? 'user', openAiContentParts(item.content));
        break;
      case 'function_call':
      case 'custom_tool_call':
        add('assistant', [toolCall(item)]);
        break;
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const part: MessagePart = { type: 'tool_call_response', response: item.output };
        if (typeof item.call_id === 'string') part.id = item.call_id;
        add('tool', [part]);
        break;
      }
      case 'reasoning': {
        const text = reasoningText(item);
        if (text) add('assistant', [{ type: 'reasoning', content: text }]);
        break;
      }
      default:
        if (typeof raw === 'string') add('user', [{ type: 'text', content: raw }]);
    }
  }
  return messages;
}

/**
 * A `function_call` / `custom_tool_call` item as a `tool_call` part.
 *
 * @example
 * toolCall({ type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{}' }); // { type: 'tool_call', name: 'f', arguments: {}, id: 'call_1' }
 */
export function toolCall(item: Record<string, any>): MessagePart {
  const part: MessagePart = { type: 'tool_call', name: asString(item.name) ?? '', arguments: parseToolArguments(item.arguments ?? item.input) };
  const id = asString(item.call_id) ?? asString(item.id);
  if (id) part.id = id;
  return part;
}

/**
 * The visible text of a `reasoning` item: its summaries, or its reasoning content where the provider sends it.
 *
 * @example
 * reasoningText({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Plan' }] }); // 'Plan'
 */
export function reasoningText(item: Record<string, any>): string {
  const summary = asArray(item.summary).map((s) => asString(asRecord(s).text) ?? '');
  const content = asArray(item.content).map((c) => asString(asRecord(c).text) ?? '');
  return [...summary, ...content].filter(Boolean).join('\n\n');
}
