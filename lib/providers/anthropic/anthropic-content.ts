import type { ChatMessage, MessagePart } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';

/**
 * Anthropic content (a string or a list of blocks) as GenAI parts: `tool_use` -> `tool_call`, `tool_result` ->
 * `tool_call_response`, `thinking` -> `reasoning`, images and documents -> `blob` / `uri`.
 *
 * @example
 * anthropicContentParts([{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } }]);
 * // [{ type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: { location: 'Paris' } }]
 */
export function anthropicContentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  const parts: MessagePart[] = [];
  for (const raw of asArray(content)) {
    const block = asRecord(raw);
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', content: asString(block.text) ?? '' });
        break;
      case 'thinking':
        parts.push({ type: 'reasoning', content: asString(block.thinking) ?? '' });
        break;
      case 'redacted_thinking':
        break;
      case 'tool_use':
      case 'server_tool_use':
      case 'mcp_tool_use':
        parts.push(compact({ type: 'tool_call', id: asString(block.id), name: asString(block.name) ?? '', arguments: block.input }));
        break;
      case 'tool_result':
        parts.push(compact({ type: 'tool_call_response', id: asString(block.tool_use_id), response: toolResult(block.content) }));
        break;
      case 'image':
      case 'document': {
        const source = asRecord(block.source);
        const modality = block.type === 'image' ? 'image' : undefined;
        if (source.type === 'base64') parts.push(compact({ type: 'blob', modality, mime_type: asString(source.media_type), content: asString(source.data) }));
        else if (source.type === 'url') parts.push(compact({ type: 'uri', modality, uri: asString(source.url) }));
        else if (source.type === 'text') parts.push({ type: 'text', content: asString(source.data) ?? '' });
        else if (source.type === 'file') parts.push(compact({ type: 'file', modality, file_id: asString(source.file_id) }));
        break;
      }
      default:
        if (typeof block.type === 'string') {
          // Server tool results (web_search_tool_result ...) answer a server_tool_use.
          if (block.type.endsWith('_tool_result')) {
            parts.push(compact({ type: 'tool_call_response', id: asString(block.tool_use_id), response: block.content }));
          } else parts.push({ ...block, type: block.type });
        }
    }
  }
  return parts;
}

/** A tool result's content: plain text when it is text blocks only, as given otherwise. */
function toolResult(content: unknown): unknown {
  if (!Array.isArray(content)) return content;
  const texts = content.map((b) => (asRecord(b).type === 'text' ? asString(asRecord(b).text) : undefined));
  return texts.every((t) => t !== undefined) ? texts.join('') : content;
}

/**
 * Anthropic `messages` as GenAI messages. A user turn that only carries `tool_result` blocks is a tool message in
 * GenAI terms, so it gets the `tool` role.
 *
 * @example
 * anthropicMessages([{ role: 'user', content: 'Hi' }]); // [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]
 */
export function anthropicMessages(messages: unknown): ChatMessage[] {
  return asArray(messages).map((raw) => {
    const message = asRecord(raw);
    const parts = anthropicContentParts(message.content);
    const role = asString(message.role) ?? 'user';
    const onlyToolResults = parts.length > 0 && parts.every((p) => p.type === 'tool_call_response');
    return { role: onlyToolResults ? 'tool' : role, parts };
  });
}
