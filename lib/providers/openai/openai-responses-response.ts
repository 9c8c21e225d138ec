import type { GenAiResponse, MessagePart } from '../provider-adapter.js';
import { asArray, asRecord, asString } from '../shared/json-shape.js';
import { openAiContentParts } from './openai-content-parts.js';
import { openAiError } from './openai-error.js';
import { openAiResponseAttributes } from './openai-request-params.js';
import { reasoningText, toolCall } from './openai-responses-request.js';
import { openAiUsage } from './openai-usage.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * The neutral view of a Responses API `response` object (the non-streamed body, or the `response` of
 * `response.completed` / `response.failed` / `response.incomplete`), or of an error body.
 *
 * The Responses API has no per-output finish reason; we derive one so spans compare with Chat Completions:
 * `incomplete_details.reason` when incomplete, `error` when failed, `tool_calls` when it called a function, else `stop`.
 *
 * @example
 * parseOpenAiResponsesResponse({ id: 'resp_1', status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi' }] }] });
 */
export function parseOpenAiResponsesResponse(value: unknown): GenAiResponse {
  const body = asRecord(value);
  const topError = openAiError(body);
  if (topError && body.object !== 'response') return { error: topError };
  const parts: MessagePart[] = [];
  let calledTool = false;
  for (const raw of asArray(body.output)) {
    const item = asRecord(raw);
    if (item.type === 'message') parts.push(...openAiContentParts(item.content));
    else if (item.type === 'reasoning') {
      const text = reasoningText(item);
      if (text) parts.push({ type: 'reasoning', content: text });
    } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      calledTool = true;
      parts.push(toolCall(item));
    } else if (typeof item.type === 'string' && item.type.endsWith('_call')) {
      // Hosted tools (web_search_call, file_search_call, code_interpreter_call ...) run on OpenAI's side.
      const part: MessagePart = { type: 'tool_call', name: item.type.slice(0, -'_call'.length) };
      if (typeof item.id === 'string') part.id = item.id;
      parts.push(part);
    }
  }
  const status = asString(body.status);
  const finish =
    status === 'incomplete'
      ? (asString(asRecord(body.incomplete_details).reason) ?? 'incomplete')
      : status === 'failed'
        ? 'error'
        : status === 'completed'
          ? calledTool
            ? 'tool_calls'
            : 'stop'
          : undefined;
  return genAiResponse({
    id: body.id,
    model: body.model,
    messages: parts.length || finish ? [assistantMessage(parts, finish)] : [],
    usage: openAiUsage(body.usage),
    error: status === 'failed' || topError ? topError ?? { type: 'failed' } : undefined,
    attributes: openAiResponseAttributes(body),
  });
}
