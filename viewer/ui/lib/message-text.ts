import type { MessagePart, NormalizedMessage } from '../../shared/api-types.js';
import { formatValue } from './format.js';
import { mediaOfPart } from './media-of-part.js';

/**
 * JSON (or JSON text) indented for reading; other strings as they are.
 *
 * @example
 * prettyJson('{"city":"Paris"}'); // '{\n  "city": "Paris"\n}'
 */
export function prettyJson(value: unknown): string {
  if (typeof value === 'string') {
    try {
      return JSON.stringify(JSON.parse(value), null, 2);
    } catch {
      return value;
    }
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * One part as plain text: text as it is, tool calls and results as a header line plus indented JSON, media as a
 * one-line description. Used by copy buttons and by the compare page's diff.
 *
 * @example
 * partText({ type: 'tool_call', name: 'get_weather', id: 'c1', arguments: { city: 'Paris' } });
 * // 'tool call get_weather (c1)\n{\n  "city": "Paris"\n}'
 */
export function partText(part: MessagePart): string {
  switch (part.type) {
    case 'text':
    case 'reasoning':
    case 'thinking':
      return typeof part.content === 'string' ? part.content : formatValue(part.content);
    case 'tool_call':
      return `tool call ${String(part.name ?? '?')}${part.id ? ` (${String(part.id)})` : ''}\n${prettyJson(part.arguments ?? {})}`;
    case 'tool_call_response':
      return `tool result${part.id ? ` (${String(part.id)})` : ''}\n${prettyJson(part.response ?? part.result ?? part.content)}`;
    default: {
      const media = mediaOfPart(part);
      if (media) return `[${media.kind}${media.mimeType ? ` ${media.mimeType}` : ''}${media.bytes != null ? `, ${media.bytes} bytes` : ''}${media.url ? ` ${media.url}` : ''}]`;
      const { type, ...rest } = part;
      return `[${type}] ${prettyJson(rest)}`;
    }
  }
}

/**
 * A message's parts as plain text, one after the other.
 *
 * @example
 * messageText({ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }); // 'Hi'
 */
export function messageText(message: NormalizedMessage): string {
  return (Array.isArray(message.parts) ? message.parts : []).map(partText).join('\n\n');
}
