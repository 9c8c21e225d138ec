import type { ChatMessage, GenAiResponse, MessagePart, Usage } from '../provider-adapter.js';

/**
 * One assistant output message, with `finish_reason` only when there is one.
 *
 * @example
 * assistantMessage([{ type: 'text', content: 'Hi' }], 'stop'); // { role: 'assistant', parts: [...], finish_reason: 'stop' }
 */
export function assistantMessage(parts: MessagePart[], finishReason?: string): ChatMessage {
  return finishReason ? { role: 'assistant', parts, finish_reason: finishReason } : { role: 'assistant', parts };
}

/** What `genAiResponse` assembles; everything but the messages may be missing. */
export interface GenAiResponseParts {
  id?: unknown;
  model?: unknown;
  messages: ChatMessage[];
  usage?: Usage;
  error?: GenAiResponse['error'];
  attributes?: GenAiResponse['attributes'];
  /** Default: the messages' own finish reasons (e.g. Gemini passes its block reason when no candidate came). */
  finishReasons?: string[];
}

/**
 * Assembles the neutral response every adapter returns (from a body or a finished stream), leaving out whatever was
 * not said: an id or model that is not a non-empty string, no messages, no finish reasons.
 *
 * @example
 * genAiResponse({ id: 'chatcmpl-1', model: 'gpt-4o-mini', messages: [assistantMessage(parts, 'stop')], usage: { inputTokens: 9, outputTokens: 3 } });
 * // { id: 'chatcmpl-1', model: 'gpt-4o-mini', outputMessages: [...], finishReasons: ['stop'], usage: {...} }
 */
export function genAiResponse({ id, model, messages, usage, error, attributes, finishReasons }: GenAiResponseParts): GenAiResponse {
  const response: GenAiResponse = {};
  if (typeof id === 'string' && id) response.id = id;
  if (typeof model === 'string' && model) response.model = model;
  if (messages.length) response.outputMessages = messages;
  const reasons = finishReasons ?? finishReasonsOf(messages);
  if (reasons.length) response.finishReasons = reasons;
  if (usage) response.usage = usage;
  if (error) response.error = error;
  if (attributes) response.attributes = attributes;
  return response;
}

// A loop rather than `flatMap`: every response passes here, and flatMap makes a closure and an array per message.
function finishReasonsOf(messages: ChatMessage[]): string[] {
  const reasons: string[] = [];
  for (const m of messages) if (m.finish_reason) reasons.push(m.finish_reason);
  return reasons;
}
