import type { ChatMessage, GenAiResponse, MessagePart, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter';
import { parseJson, parseToolArguments } from '../shared/json-shape';
import { openAiError } from './openai-error';
import { openAiResponseAttributes } from './openai-request-params';
import { openAiUsage } from './openai-usage';
import { genAiResponse } from '../shared/gen-ai-response';

interface ToolCallState {
  id?: string;
  name: string;
  arguments: string;
}

interface ChoiceState {
  role: string;
  text: string;
  refusal?: string;
  reasoning: string;
  toolCalls: ToolCallState[];
  finishReason?: string;
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
      const state = (choices[index] ??= { role: 'assistant', text: '', reasoning: '', toolCalls: [] });
      const delta = choice.delta;
      if (delta && typeof delta === 'object') {
        if (typeof delta.role === 'string') state.role = delta.role;
        if (typeof delta.content === 'string') state.text += delta.content;
        if (typeof delta.refusal === 'string') state.refusal = (state.refusal ?? '') + delta.refusal;
        // DeepSeek, vLLM and OpenRouter stream reasoning next to the content under one of these names.
        const reasoning = delta.reasoning_content ?? delta.reasoning;
        if (typeof reasoning === 'string') state.reasoning += reasoning;
        if (Array.isArray(delta.tool_calls)) {
          for (const call of delta.tool_calls) {
            if (!call || typeof call !== 'object') continue;
            const at = typeof call.index === 'number' ? call.index : state.toolCalls.length;
            const tool = (state.toolCalls[at] ??= { name: '', arguments: '' });
            if (typeof call.id === 'string' && call.id) tool.id = call.id;
            const fn = call.function;
            if (fn && typeof fn === 'object') {
              if (typeof fn.name === 'string') tool.name += fn.name;
              if (typeof fn.arguments === 'string') tool.arguments += fn.arguments;
            }
          }
        }
        if (delta.function_call && typeof delta.function_call === 'object') {
          const tool = (state.toolCalls[0] ??= { name: '', arguments: '' });
          if (typeof delta.function_call.name === 'string') tool.name += delta.function_call.name;
          if (typeof delta.function_call.arguments === 'string') tool.arguments += delta.function_call.arguments;
        }
      }
      if (typeof choice.finish_reason === 'string') state.finishReason = choice.finish_reason;
    }
  }

  return {
    push(event: StreamEvent) {
      if (event.kind === 'json') return onChunk(event.value);
      if (event.data === '[DONE]') return;
      onChunk(parseJson(event.data));
    },
    finish() {
      const messages: ChatMessage[] = [];
      for (const state of choices) {
        if (!state) continue;
        const parts: MessagePart[] = [];
        if (state.reasoning) parts.push({ type: 'reasoning', content: state.reasoning });
        if (state.text) parts.push({ type: 'text', content: state.text });
        if (state.refusal !== undefined) parts.push({ type: 'refusal', content: state.refusal });
        for (const tool of state.toolCalls) {
          if (!tool) continue;
          const part: MessagePart = { type: 'tool_call', name: tool.name, arguments: parseToolArguments(tool.arguments) };
          if (tool.id) part.id = tool.id;
          parts.push(part);
        }
        const message: ChatMessage = { role: state.role, parts };
        if (state.finishReason) message.finish_reason = state.finishReason;
        messages.push(message);
      }
      return genAiResponse(id, model, messages, usage, error, attributes);
    },
  };
}
