import type { GenAiResponse, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter.js';
import { parseJson } from '../shared/json-shape.js';
import { parseOpenAiChatResponse } from './openai-chat-response.js';
import { openAiError } from './openai-error.js';
import { openAiResponseAttributes } from './openai-request-params.js';
import { openAiUsage } from './openai-usage.js';
import { genAiResponse } from '../shared/gen-ai-response.js';
import { chatContentDelta } from './openai-chat-content-delta.js';

interface ToolCallState {
  id?: string;
  function: { name: string; arguments: string };
}

/** A choice as a non-streamed body has it, built up from the deltas, so one parser turns both into messages. */
interface ChoiceState {
  message: { role: string; content: string; refusal?: string; reasoning_content: string; tool_calls: ToolCallState[] };
  finish_reason?: string;
}

/**
 * Folds `chat.completion.chunk` events into a response: text, refusal and reasoning deltas are concatenated per
 * choice, tool-call argument deltas are assembled by their `index`, and the usage chunk (empty `choices`, sent with
 * `stream_options.include_usage`) gives the token counts. A `data: {"error": ...}` event becomes the response error.
 *
 * @example
 * const acc = createOpenAiChatStreamAccumulator();
 * acc.push({ kind: 'sse', data: '{"id":"c1","choices":[{"index":0,"delta":{"content":"Hi"}}]}' });
 * acc.finish(); // { id: 'c1', outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi' }] }] }
 */
export function createOpenAiChatStreamAccumulator(): StreamAccumulator {
  const choices: ChoiceState[] = [];
  let id: string | undefined;
  let model: string | undefined;
  let usage: Usage | undefined;
  let error: GenAiResponse['error'];
  let attributes: GenAiResponse['attributes'];

  function onChunk(chunk: any): void {
    if (chunk === null || typeof chunk !== 'object') return;
    if (chunk.error) {
      error = openAiError(chunk);
      return;
    }
    if (id === undefined && typeof chunk.id === 'string' && chunk.id) id = chunk.id;
    if (typeof chunk.model === 'string' && chunk.model) model = chunk.model;
    if (chunk.usage) usage = openAiUsage(chunk.usage);
    // Groq puts the stream's usage on the last chunk under `x_groq` when `include_usage` was not asked for.
    else if (chunk.x_groq && chunk.x_groq.usage) usage = openAiUsage(chunk.x_groq.usage);
    if (attributes === undefined) attributes = openAiResponseAttributes(chunk);
    const list = chunk.choices;
    if (!Array.isArray(list)) return;
    for (const choice of list) {
      if (!choice || typeof choice !== 'object') continue;
      const index = typeof choice.index === 'number' ? choice.index : 0;
      const state = (choices[index] ??= { message: { role: 'assistant', content: '', reasoning_content: '', tool_calls: [] } });
      const message = state.message;
      const delta = choice.delta;
      if (delta && typeof delta === 'object') {
        if (typeof delta.role === 'string') message.role = delta.role;
        if (typeof delta.content === 'string') message.content += delta.content;
        if (typeof delta.refusal === 'string') message.refusal = (message.refusal ?? '') + delta.refusal;
        // DeepSeek, vLLM and OpenRouter stream reasoning next to the content under one of these names.
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string') message.reasoning_content += reasoning;
        const calls = message.tool_calls;
        if (Array.isArray(delta.tool_calls)) {
          for (const call of delta.tool_calls) {
            if (!call || typeof call !== 'object') continue;
            const tool = (calls[typeof call.index === 'number' ? call.index : calls.length] ??= { function: { name: '', arguments: '' } });
            if (typeof call.id === 'string' && call.id) tool.id = call.id;
            appendFunction(tool, call.function);
          }
        }
        if (delta.function_call && typeof delta.function_call === 'object') {
          appendFunction((calls[0] ??= { function: { name: '', arguments: '' } }), delta.function_call);
        }
      }
      if (typeof choice.finish_reason === 'string') state.finish_reason = choice.finish_reason;
    }
  }

  return {
    push(event: StreamEvent) {
      if (event.kind === 'json') return onChunk(event.value);
      if (event.data === '[DONE]') return;
      // Once the first chunk gave id, model and attributes, a plain text delta needs no full parse.
      const text = id !== undefined && choices[0] ? chatContentDelta(event.data) : undefined;
      if (text !== undefined) choices[0]!.message.content += text;
      else onChunk(parseJson(event.data));
    },
    finish() {
      const listed = choices.filter(Boolean);
      for (const choice of listed) choice.message.tool_calls = choice.message.tool_calls.filter(Boolean);
      const messages = parseOpenAiChatResponse({ choices: listed }).outputMessages ?? [];
      return genAiResponse({ id, model, messages, usage, error, attributes });
    },
  };
}

function appendFunction(tool: ToolCallState, fn: any): void {
  if (!fn || typeof fn !== 'object') return;
  if (typeof fn.name === 'string') tool.function.name += fn.name;
  if (typeof fn.arguments === 'string') tool.function.arguments += fn.arguments;
}
