import type { ChatMessage, GenAiResponse, MessagePart, Usage } from '../provider-adapter';

/**
 * One assistant output message, with `finish_reason` only when there is one.
 *
 * @example
 * assistantMessage([{ type: 'text', content: 'Hi' }], 'stop'); // { role: 'assistant', parts: [...], finish_reason: 'stop' }
 */
export function assistantMessage(parts: MessagePart[], finishReason?: string): ChatMessage {
  return finishReason ? { role: 'assistant', parts, finish_reason: finishReason } : { role: 'assistant', parts };
}

/**
 * Assembles the neutral response every adapter returns (from a body or a finished stream), leaving out whatever was
 * not said. Finish reasons are the messages' own unless given (e.g. Gemini's block reason when no candidate came).
 *
 * @example
 * genAiResponse('chatcmpl-1', 'gpt-4o-mini', [assistantMessage(parts, 'stop')], { inputTokens: 9, outputTokens: 3 });
 * // { id: 'chatcmpl-1', model: 'gpt-4o-mini', outputMessages: [...], finishReasons: ['stop'], usage: {...} }
 */
export function genAiResponse(
  id: unknown,
  model: unknown,
  messages: ChatMessage[],
  usage?: Usage,
  error?: GenAiResponse['error'],
  attributes?: GenAiResponse['attributes'],
  finishReasons: string[] = messages.flatMap((m) => (m.finish_reason ? [m.finish_reason] : [])),
): GenAiResponse {
  const response: GenAiResponse = {};
  if (typeof id === 'string' && id) response.id = id;
  if (typeof model === 'string' && model) response.model = model;
  if (messages.length) response.outputMessages = messages;
  if (finishReasons.length) response.finishReasons = finishReasons;
  if (usage) response.usage = usage;
  if (error) response.error = error;
  if (attributes) response.attributes = attributes;
  return response;
}
