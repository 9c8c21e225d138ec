import type { MessagePart } from '../provider-adapter.js';
import { asArray, asRecord, asString, parseToolArguments } from '../shared/json-shape.js';

/**
 * Appends the `tool_call` parts of a Chat Completions message, request or response side alike, to `parts`:
 * `tool_calls` (function and custom tools) and the legacy single `function_call`. A message with neither costs a
 * property check and no allocation (most messages on the hot path).
 *
 * @example
 * const parts: MessagePart[] = [];
 * appendOpenAiToolCallParts({ tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }, parts);
 * // parts: [{ type: 'tool_call', name: 'get_weather', arguments: { city: 'Paris' }, id: 'call_1' }]
 */
export function appendOpenAiToolCallParts(message: Record<string, unknown>, parts: MessagePart[]): void {
  if (!message.tool_calls && !message.function_call) return;
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
}
