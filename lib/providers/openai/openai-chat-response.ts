import type { ChatMessage, GenAiResponse, MessagePart } from '../provider-adapter.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';
import { openAiError } from './openai-error.js';
import { appendOpenAiToolCallParts } from './openai-tool-call-parts.js';
import { openAiResponseAttributes } from './openai-request-params.js';
import { openAiUsage } from './openai-usage.js';
import { genAiResponse } from '../shared/gen-ai-response.js';

/**
 * The neutral view of a Chat Completions response body (or its error body). Each choice becomes one output message,
 * so `n > 1` gives several messages and finish reasons.
 *
 * @example
 * parseOpenAiChatResponse({ id: 'chatcmpl-1', model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }] });
 */
export function parseOpenAiChatResponse(value: unknown): GenAiResponse {
  const body = asRecord(value);
  const error = openAiError(body);
  if (error) return { error };
  const messages: ChatMessage[] = [];
  for (const raw of asArray(body.choices)) {
    const choice = asRecord(raw);
    const message = asRecord(choice.message);
    const parts: MessagePart[] = [];
    const reasoning = asString(message.reasoning_content) ?? asString(message.reasoning);
    if (reasoning) parts.push({ type: 'reasoning', content: reasoning });
    if (typeof message.content === 'string' && message.content !== '') parts.push({ type: 'text', content: message.content });
    if (typeof message.refusal === 'string') parts.push({ type: 'refusal', content: message.refusal });
    appendOpenAiToolCallParts(message, parts);
    const out: ChatMessage = { role: asString(message.role) ?? 'assistant', parts };
    const finish = asString(choice.finish_reason);
    if (finish) out.finish_reason = finish;
    messages.push(out);
  }
  return genAiResponse({ id: body.id, model: body.model, messages, usage: openAiUsage(body.usage), attributes: openAiResponseAttributes(body) });
}
