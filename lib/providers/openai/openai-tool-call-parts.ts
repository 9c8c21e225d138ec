import type { MessagePart } from '../provider-adapter.js';
import { asArray, asRecord, asString, parseToolArguments } from '../shared/json-shape.js';

/**
 * The `tool_call` parts of a Chat Completions message, request or response side alike: `tool_calls` (function and
 * custom tools) and the legacy single `function_call`.
 *
 * @example
 * openAiToolCallParts({ tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] });
 * // [{ type: 'tool_call', name: 'get_weather', arguments: { city: 'Paris' }, id: 'call_1' }]
 */
export function openAiToolCallParts(message: Record<string, unknown>): MessagePart[] {
  const parts: MessagePart[] = [];
  for (const call of asArray(message.tool_calls)) {
    const c = asRecord(call);
    const fn = asRecord(c.function ?? c.custom);
    const part: MessagePart = { type: 'tool_call', name: asString(fn.name) ?? '', arguments: parseToolArguments(fn.arguments ?? fn.input) };
    if (typeof c.id === 'string') part.id = c.id;
    parts.push(part);
  }
  if (message.function_call) {
    const fn = asRecord(message.function_call);
    parts.push({ type: 'tool_call', name: asString(fn.name) ?? '', arguments: parseToolArguments(fn.arguments) });
  }
  return parts;
}
