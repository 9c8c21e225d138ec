import type { GenAiResponse, StreamAccumulator, StreamEvent } from '../provider-adapter.js';
import { asRecord, parseJson, parseToolArguments } from '../shared/json-shape.js';
import { anthropicError, anthropicUsage } from './anthropic-response.js';
import { anthropicContentParts } from './anthropic-content.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * Folds Anthropic Messages stream events: `message_start` (id, model, input and cache usage), `content_block_start` /
 * `content_block_delta` (`text_delta`, `input_json_delta`, `thinking_delta`) per block index, `message_delta` (stop
 * reason and the final output usage), `error`. `ping`, `signature_delta` and stop events carry nothing we keep.
 * Deltas are folded back into the blocks as a non-streamed body has them, so one parser turns both into parts.
 *
 * @example
 * const acc = createAnthropicStreamAccumulator();
 * acc.push({ kind: 'sse', event: 'message_delta', data: '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":12}}' });
 * acc.finish().finishReasons; // ['end_turn']
 */
export function createAnthropicStreamAccumulator(): StreamAccumulator {
  // Content blocks as `content_block_start` gave them (server tool results arrive whole there), deltas appended.
  const blocks: Array<Record<string, any>> = [];
  const toolInputs: string[] = [];
  let id: string | undefined;
  let model: string | undefined;
  let stop: string | undefined;
  // The counts as sent: `message_delta` repeats or completes what `message_start` said (its numbers are the final
  // ones), and the input total is only added up at the end, from whichever event gave each count.
  let usage: Record<string, unknown> | undefined;
  let error: GenAiResponse['error'];

  function mergeUsage(value: unknown): void {
    if (value === null || typeof value !== 'object') return;
    const counts = value as Record<string, unknown>;
    for (const key in counts) if (counts[key] != null) (usage ??= {})[key] = counts[key];
  }

  function onEvent(e: any): void {
    if (e === null || typeof e !== 'object') return;
    switch (e.type) {
      case 'content_block_delta': {
        const block = blocks[e.index];
        const delta = e.delta;
        if (!block || !delta) return;
        if (typeof delta.text === 'string') block.text = (block.text ?? '') + delta.text;
        else if (typeof delta.partial_json === 'string') toolInputs[e.index] = (toolInputs[e.index] ?? '') + delta.partial_json;
        else if (typeof delta.thinking === 'string') block.thinking = (block.thinking ?? '') + delta.thinking;
        return;
      }
      case 'content_block_start':
        if (typeof e.index === 'number') blocks[e.index] = { type: 'text', ...asRecord(e.content_block) };
        return;
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
      toolInputs.forEach((json, i) => {
        if (json && blocks[i]) blocks[i].input = parseToolArguments(json);
      });
      const parts = anthropicContentParts(blocks.filter(Boolean));
      return genAiResponse({ id, model, messages: parts.length || stop ? [assistantMessage(parts, stop)] : [], usage: anthropicUsage(usage), error });
    },
  };
}
