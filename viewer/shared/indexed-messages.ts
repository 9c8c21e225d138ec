import type { AttributeValue, Attributes, MessagePart as Part, NormalizedMessage } from './api-types.js';
import { json, str } from './attribute-readers.js';
import { contentToParts, toMessage, toolOutput } from './message-parts.js';

/**
 * Groups `prefix.N.rest` attributes by N: `[{ rest: value }...]` in index order.
 * @example indexed({ 'p.0.role': 'user', 'p.1.role': 'assistant' }, 'p') // [{ role: 'user' }, { role: 'assistant' }]
 */
export function indexed(attrs: Attributes, prefix: string): Array<Record<string, AttributeValue>> {
  const groups = new Map<number, Record<string, AttributeValue>>();
  const p = prefix + '.';
  for (const key in attrs) {
    if (!key.startsWith(p)) continue;
    const rest = key.slice(p.length);
    const dot = rest.indexOf('.');
    const n = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(n) || dot < 0) continue;
    let g = groups.get(n);
    if (!g) groups.set(n, (g = {}));
    g[rest.slice(dot + 1)] = attrs[key];
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

/**
 * OpenLLMetry's content of one indexed message. Its older releases wrote non-text content with `JSON.stringify`, so
 * the `null` content of an assistant turn that only calls tools arrives as the text `null`: that is no content.
 */
function openLlmetryContent(role: string, content: AttributeValue | undefined): AttributeValue | undefined {
  return content === 'null' && role !== 'user' ? undefined : content;
}

/**
 * OpenLLMetry's indexed messages: `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` (and the older `llm.prompts.N.*` /
 * `llm.completions.N.*`), with `tool_calls.M.*`, `tool_call_id` and `finish_reason`. Null when there are none.
 * @example openLlmetryMessages({ 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': 'Hi' }, 'gen_ai.prompt', 'user')
 */
export function openLlmetryMessages(attrs: Attributes, prefix: string, defaultRole: string): NormalizedMessage[] | null {
  const groups = indexed(attrs, prefix);
  if (!groups.length) return null;
  return groups.map((g) => {
    const role = str(g.role) ?? defaultRole;
    const calls = indexed(g as Attributes, 'tool_calls').map((c) => ({ id: str(c.id) ?? undefined, name: str(c.name), arguments: str(c.arguments) }));
    return toMessage(
      {
        role,
        content: openLlmetryContent(role, g.content),
        tool_calls: calls.length ? calls : undefined,
        tool_call_id: str(g.tool_call_id) ?? undefined,
        finish_reason: str(g.finish_reason) ?? undefined,
      },
      defaultRole,
    )!;
  });
}

/**
 * OpenInference's indexed messages: `llm.input_messages.N.message.*` / `llm.output_messages.N.message.*`, with
 * `contents.M.message_content.*` parts (text, and the Responses API's `input_text` / `output_text`, images) and
 * `tool_calls.M.tool_call.*`. Null when there are none.
 * @example openInferenceMessages({ 'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': 'Hi' }, 'llm.input_messages', 'user')
 */
export function openInferenceMessages(attrs: Attributes, prefix: string, defaultRole: string): NormalizedMessage[] | null {
  const groups = indexed(attrs, prefix);
  if (!groups.length) return null;
  return groups.map((g) => {
    const role = str(g['message.role']) ?? defaultRole;
    const parts: Part[] = [];
    const content = g['message.content'];
    if (content != null) parts.push(...contentToParts(content));
    for (const c of indexed(g as Attributes, 'message.contents')) {
      const type = str(c['message_content.type']) ?? 'text';
      if (type === 'image') parts.push({ type: 'uri', modality: 'image', uri: str(c['message_content.image.image.url']) });
      else if (c['message_content.text'] != null) parts.push({ type: 'text', content: str(c['message_content.text']) ?? '' });
    }
    for (const c of indexed(g as Attributes, 'message.tool_calls')) {
      parts.push({
        type: 'tool_call',
        id: str(c['tool_call.id']) ?? undefined,
        name: str(c['tool_call.function.name']),
        arguments: json(c['tool_call.function.arguments']),
      });
    }
    const toolCallId = str(g['message.tool_call_id']);
    if (role === 'tool' && toolCallId) {
      const text = parts.filter((p) => p.type === 'text').map((p) => p.content).join('');
      return { role, parts: [{ type: 'tool_call_response', id: toolCallId, response: toolOutput(text) }] };
    }
    return { role, parts };
  });
}
