import type { GenAiResponse, MessagePart, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter';
import { parseJson, parseToolArguments } from '../shared/json-shape';
import { anthropicError, anthropicUsage } from './anthropic-response';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response';

interface BlockState {
  type: string;
  text: string;
  json: string;
  id?: string;
  name?: string;
  input?: unknown;
  /** Server tool results (`web_search_tool_result` ...) arrive whole in `content_block_start`. */
  toolUseId?: string;
  content?: unknown;
}

/**
 * Folds Anthropic Messages stream events: `message_start` (id, model, input and cache usage), `content_block_start` /
 * `content_block_delta` (`text_delta`, `input_json_delta`, `thinking_delta`) per block index, `message_delta` (stop
 * reason and the final output usage), `error`. `ping`, `signature_delta` and stop events carry nothing we keep.
 *
 * @example
 * const acc = createAnthropicStreamAccumulator();
 * acc.push({ kind: 'sse', event: 'message_delta', data: '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}}' });
 * acc.finish().finishReasons; // ['end_turn']
 */
export function createAnthropicStreamAccumulator(): StreamAccumulator {
  const blocks: BlockState[] = [];
  let id: string | undefined;
  let model: string | undefined;
  let stop: string | undefined;
  let usage: Usage | undefined;
  let error: GenAiResponse['error'];

  function mergeUsage(value: unknown): void {
    const next = anthropicUsage(value);
    if (!next) return;
    // message_delta repeats or completes what message_start said; its numbers are the final ones.
    usage = usage ? { ...usage, ...next } : next;
  }

  function onEvent(e: any): void {
    if (e === null || typeof e !== 'object') return;
    switch (e.type) {
      case 'content_block_delta': {
        const block = blocks[e.index];
        const delta = e.delta;
        if (!block || !delta) return;
        if (typeof delta.text === 'string') block.text += delta.text;
        else if (typeof delta.partial_json === 'string') block.json += delta.partial_json;
        else if (typeof delta.thinking === 'string') block.text += delta.thinking;
        return;
      }
      case 'content_block_start': {
        const start = e.content_block ?? {};
        if (typeof e.index !== 'number') return;
        blocks[e.index] = {
          type: typeof start.type === 'string' ? start.type : 'text',
          text: typeof start.text === 'string' ? start.text : typeof start.thinking === 'string' ? start.thinking : '',
          json: '',
          id: typeof start.id === 'string' ? start.id : undefined,
          name: typeof start.name === 'string' ? start.name : undefined,
          input: start.input,
          toolUseId: typeof start.tool_use_id === 'string' ? start.tool_use_id : undefined,
          content: start.content,
        };
        return;
      }
      case 'message_start': {
        const message = e.message ?? {};
        if (typeof message.id === 'string') id = message.id;
        if (typeof message.model === 'string') model = message.model;
        mergeUsage(message.usage);
        return;
      }
      case 'message_delta':
        if (e.delta && typeof e.delta.stop_reason === 'string') stop = e.delta.stop_reason;
        mergeUsage(e.usage);
        return;
      case 'error':
        error = anthropicError(e);
        return;
    }
  }

  return {
    push(event: StreamEvent) {
      onEvent(event.kind === 'json' ? event.value : parseJson(event.data));
    },
    finish() {
      const parts: MessagePart[] = [];
      for (const block of blocks) {
        if (!block) continue;
        if (block.type === 'text') parts.push({ type: 'text', content: block.text });
        else if (block.type === 'thinking') parts.push({ type: 'reasoning', content: block.text });
        else if (block.type === 'tool_use' || block.type === 'server_tool_use' || block.type === 'mcp_tool_use') {
          const part: MessagePart = {
            type: 'tool_call',
            name: block.name ?? '',
            arguments: block.json ? parseToolArguments(block.json) : block.input,
          };
          if (block.id) part.id = block.id;
          parts.push(part);
        } else if (block.type.endsWith('_tool_result')) {
          const part: MessagePart = { type: 'tool_call_response', response: block.content };
          if (block.toolUseId) part.id = block.toolUseId;
          parts.push(part);
        }
      }
      return genAiResponse(id, model, parts.length || stop ? [assistantMessage(parts, stop)] : [], usage, error);
    },
  };
}
