import type { AttributeValue, NormalizedMessage, SpanEvent } from './api-types.js';
import { isObj, json, str } from './attribute-readers.js';
import { toMessage, toMessages } from './message-parts.js';
import { OPENLLMETRY_CONTENT, SEMCONV_CONTENT } from '../../lib/forward/content-registry.js';

const EVENT_ROLES: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

function eventBody(e: SpanEvent): Record<string, unknown> {
  // Bodies come as plain attributes, or as one JSON attribute (`gen_ai.event.content` / `body`).
  const packed = json(e.attributes[OPENLLMETRY_CONTENT.eventContent] ?? e.attributes['body']);
  return isObj(packed) ? { ...e.attributes, ...packed } : { ...e.attributes };
}

/**
 * The conversation carried by GenAI span events: per-message events (`gen_ai.user.message` ... `gen_ai.choice`), the
 * older `gen_ai.content.prompt` / `gen_ai.content.completion`, and `gen_ai.client.inference.operation.details`.
 * @example eventMessages([{ name: 'gen_ai.user.message', timeUnixNano: '1', attributes: { content: 'Hi' } }]).input
 */
export function eventMessages(events: SpanEvent[]): { input: NormalizedMessage[] | null; output: NormalizedMessage[] | null } {
  let input: NormalizedMessage[] | null = null;
  let output: NormalizedMessage[] | null = null;
  for (const e of events) {
    const role = EVENT_ROLES[e.name];
    if (role) {
      const body = eventBody(e);
      const m = toMessage({ ...body, role: typeof body.role === 'string' ? body.role : role }, role);
      if (m) (input ??= []).push(m);
    } else if (e.name === 'gen_ai.choice') {
      const body = eventBody(e);
      const message = json(body.message);
      const m = toMessage(isObj(message) ? { role: 'assistant', ...message } : { role: 'assistant', ...body }, 'assistant');
      if (m) {
        const finish = str(body.finish_reason as AttributeValue);
        if (finish) m.finish_reason = finish;
        (output ??= []).push(m);
      }
    } else if (e.name === 'gen_ai.content.prompt') {
      input = toMessages(e.attributes[OPENLLMETRY_CONTENT.prompt]) ?? input;
    } else if (e.name === 'gen_ai.content.completion') {
      output = toMessages(e.attributes[OPENLLMETRY_CONTENT.completion], 'assistant') ?? output;
    } else if (e.name === 'gen_ai.client.inference.operation.details') {
      input = toMessages(e.attributes[SEMCONV_CONTENT.inputMessages]) ?? input;
      output = toMessages(e.attributes[SEMCONV_CONTENT.outputMessages], 'assistant') ?? output;
    }
  }
  return { input, output };
}
