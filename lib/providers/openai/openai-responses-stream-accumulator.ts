import type { GenAiResponse, MessagePart, StreamAccumulator, StreamEvent } from '../provider-adapter.js';
import { asString, parseJson } from '../shared/json-shape.js';
import { toolCall } from './openai-responses-request.js';
import { parseOpenAiResponsesResponse } from './openai-responses-response.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

interface ItemState {
  type: string;
  text: string;
  name?: string;
  callId?: string;
}

/**
 * Folds Responses API stream events. The terminal event (`response.completed`, `response.incomplete`,
 * `response.failed`) carries the whole response with the final usage, so it wins; until then the text, reasoning and
 * function-argument deltas are kept per output item, so a stream that is cut short or abandoned still shows what
 * arrived. An `error` event becomes the response error.
 *
 * @example
 * const acc = createOpenAiResponsesStreamAccumulator();
 * acc.push({ kind: 'sse', event: 'response.output_text.delta', data: '{"type":"response.output_text.delta","output_index":0,"delta":"Hi"}' });
 * acc.finish().outputMessages; // [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi' }] }]
 */
export function createOpenAiResponsesStreamAccumulator(): StreamAccumulator {
  const items: ItemState[] = [];
  let id: string | undefined;
  let model: string | undefined;
  let final: unknown;
  let error: GenAiResponse['error'];

  const item = (index: unknown, type = 'message'): ItemState => {
    const at = typeof index === 'number' ? index : items.length;
    return (items[at] ??= { type, text: '' });
  };

  function onEvent(e: any): void {
    if (e === null || typeof e !== 'object') return;
    switch (e.type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta':
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        if (typeof e.delta === 'string') item(e.output_index).text += e.delta;
        return;
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        if (typeof e.delta === 'string') item(e.output_index, 'reasoning').text += e.delta;
        return;
      case 'response.output_item.added': {
        const added = e.item ?? {};
        const state = item(e.output_index, asString(added.type) ?? 'message');
        state.type = asString(added.type) ?? state.type;
        state.name = asString(added.name);
        state.callId = asString(added.call_id);
        return;
      }
      case 'response.created':
      case 'response.in_progress':
        if (e.response && typeof e.response === 'object') {
          id = asString(e.response.id) ?? id;
          model = asString(e.response.model) ?? model;
        }
        return;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed':
        final = e.response;
        return;
      case 'error': {
        const code = e.code ?? e.error?.code ?? e.error?.type;
        error = { type: typeof code === 'string' && code ? code : 'error' };
        const message = asString(e.message) ?? asString(e.error?.message);
        if (message) error.message = message;
        return;
      }
    }
  }

  return {
    push(event: StreamEvent) {
      onEvent(event.kind === 'json' ? event.value : parseJson(event.data));
    },
    finish() {
      if (final !== undefined) {
        const response = parseOpenAiResponsesResponse(final);
        if (error && !response.error) response.error = error;
        return response;
      }
      const parts: MessagePart[] = [];
      for (const state of items) {
        if (!state) continue;
        if (state.type === 'function_call' || state.type === 'custom_tool_call') {
          parts.push(toolCall({ name: state.name, call_id: state.callId, arguments: state.text }));
        } else if (state.text) {
          parts.push({ type: state.type === 'reasoning' ? 'reasoning' : 'text', content: state.text });
        }
      }
      return genAiResponse({ id, model, messages: parts.length ? [assistantMessage(parts)] : [], error });
    },
  };
}
