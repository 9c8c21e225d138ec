import type { MessagePart as Part, NormalizedMessage } from './api-types.js';
import { isObj, json } from './attribute-readers.js';

/**
 * A tool result as the reader wants it: JSON text parsed, and the AI SDK 5 wrapper `{ type: 'json' | 'text', value }`
 * taken off.
 * @example toolOutput({ type: 'json', value: { temp: 18 } }) // { temp: 18 }
 */
export function toolOutput(v: unknown): unknown {
  const value = json(v);
  if (isObj(value) && typeof value.type === 'string' && 'value' in value && Object.keys(value).length === 2) return json(value.value);
  return value;
}

/**
 * Message content in any common shape (string, OpenAI/Anthropic/AI SDK/OpenInference part arrays, JSON text of such
 * an array) as GenAI parts.
 * @example contentToParts([{ type: 'output_text', text: 'Hi' }]) // [{ type: 'text', content: 'Hi' }]
 */
export function contentToParts(content: unknown): Part[] {
  let value = content;
  // Only a JSON array of typed parts is unpacked: a user's text that happens to be JSON stays text.
  if (typeof value === 'string' && value.trimStart().startsWith('[')) {
    const parsed = json(value);
    if (Array.isArray(parsed) && parsed.every((p) => isObj(p) && typeof p.type === 'string')) value = parsed;
  }
  if (value == null || value === '') return [];
  if (typeof value === 'string') return [{ type: 'text', content: value }];
  if (Array.isArray(value)) return value.flatMap((item) => contentPart(item));
  if (isObj(value)) return contentPart(value);
  return [{ type: 'text', content: String(value) }];
}

const TEXT_TYPES = new Set(['text', 'input_text', 'output_text']);

/**
 * One part of a message in any common shape.
 * @example contentPart({ type: 'tool_use', id: 't1', name: 'f', input: {} }) // [{ type: 'tool_call', ... }]
 */
export function contentPart(item: unknown): Part[] {
  if (typeof item === 'string') return [{ type: 'text', content: item }];
  if (!isObj(item)) return item == null ? [] : [{ type: 'text', content: String(item) }];
  const type = typeof item.type === 'string' ? item.type : 'text';
  if (TEXT_TYPES.has(type)) {
    const text = item.text ?? item.content;
    return [{ type: 'text', content: typeof text === 'string' ? text : JSON.stringify(text) }];
  }
  if (type === 'tool-call' || type === 'tool_use' || type === 'tool_call' || type === 'function_call') {
    return [
      {
        type: 'tool_call',
        id: item.toolCallId ?? item.id ?? item.call_id,
        name: item.toolName ?? item.name,
        arguments: json(item.input ?? item.args ?? item.arguments),
      },
    ];
  }
  if (type === 'tool-result' || type === 'tool_result' || type === 'tool_call_response' || type === 'function_call_output') {
    return [
      {
        type: 'tool_call_response',
        id: item.toolCallId ?? item.tool_use_id ?? item.call_id ?? item.id,
        response: toolOutput(item.output ?? item.result ?? item.content ?? item.response),
      },
    ];
  }
  if (type === 'reasoning' || type === 'thinking') {
    return [{ type: 'reasoning', content: item.text ?? item.thinking ?? item.content }];
  }
  return [{ ...item, type }];
}

/**
 * A tool call in OpenAI (`{ id, function: { name, arguments } }`) or AI SDK (`{ toolCallId, toolName, input|args }`)
 * shape as a `tool_call` part.
 * @example toolCallPart({ id: 'c1', function: { name: 'f', arguments: '{}' } }) // { type: 'tool_call', id: 'c1', name: 'f', arguments: {} }
 */
export function toolCallPart(call: unknown): Part | null {
  if (!isObj(call)) return null;
  const fn = isObj(call.function) ? call.function : call;
  return {
    type: 'tool_call',
    id: call.id ?? call.toolCallId,
    name: fn.name ?? call.toolName,
    arguments: json(fn.arguments ?? call.args ?? call.input),
  };
}

/**
 * A message in any common shape (GenAI `{role, parts}`, OpenAI/Anthropic `{role, content, tool_calls}`) to the view.
 * @example toMessage({ role: 'user', content: 'Hi' }) // { role: 'user', parts: [{ type: 'text', content: 'Hi' }] }
 */
export function toMessage(value: unknown, defaultRole = 'user'): NormalizedMessage | null {
  if (!isObj(value)) return typeof value === 'string' ? { role: defaultRole, parts: contentToParts(value) } : null;
  const role = typeof value.role === 'string' ? value.role : defaultRole;
  let parts: Part[];
  if (Array.isArray(value.parts)) {
    parts = value.parts.filter(isObj).map((p) => ({ ...p, type: typeof p.type === 'string' ? p.type : 'text' }));
  } else {
    const toolCallId = value.tool_call_id ?? value.toolCallId ?? (role === 'tool' ? value.id : undefined);
    parts = contentToParts(value.content);
    if (role === 'tool' && toolCallId != null && !parts.some((p) => p.type === 'tool_call_response')) {
      // A tool message's content is the tool's result (often JSON text).
      parts = [{ type: 'tool_call_response', id: toolCallId, response: toolOutput(value.content) }];
    }
    const calls = json(value.tool_calls ?? value.toolCalls);
    if (Array.isArray(calls)) for (const c of calls) {
      const part = toolCallPart(c);
      if (part) parts.push(part);
    }
  }
  const message: NormalizedMessage = { role, parts };
  const finish = value.finish_reason ?? value.finishReason;
  if (typeof finish === 'string' && finish) message.finish_reason = finish;
  if (typeof value.name === 'string' && value.name) message.name = value.name;
  return message;
}

/**
 * A JSON array (or JSON text of one) of messages in any common shape; null when it is not an array.
 * @example toMessages('[{"role":"user","content":"Hi"}]')
 */
export function toMessages(value: unknown, defaultRole?: string): NormalizedMessage[] | null {
  const v = json(value);
  if (!Array.isArray(v)) return null;
  return v.map((m) => toMessage(m, defaultRole)).filter((m): m is NormalizedMessage => m !== null);
}
