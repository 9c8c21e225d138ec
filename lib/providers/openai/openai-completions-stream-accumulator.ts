import type { ChatMessage, GenAiResponse, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter.js';
import { parseJson } from '../shared/json-shape.js';
import { openAiError } from './openai-error.js';
import { openAiUsage } from './openai-usage.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * Folds a legacy Completions stream: `choices[].text` deltas per choice index, the final usage chunk.
 *
 * @example
 * const acc = createOpenAiCompletionsStreamAccumulator();
 * acc.push({ kind: 'sse', data: '{"id":"cmpl-1","choices":[{"index":0,"text":"Hi","finish_reason":"stop"}]}' });
 * acc.finish().finishReasons; // ['stop']
 */
export function createOpenAiCompletionsStreamAccumulator(): StreamAccumulator {
  const texts: string[] = [];
  const finishes: (string | undefined)[] = [];
  let id: string | undefined;
  let model: string | undefined;
  let usage: Usage | undefined;
  let error: GenAiResponse['error'];

  function onChunk(chunk: any): void {
    if (chunk === null || typeof chunk !== 'object') return;
    if (chunk.error) {
      error = openAiError(chunk);
      return;
    }
    if (id === undefined && typeof chunk.id === 'string') id = chunk.id;
    if (typeof chunk.model === 'string') model = chunk.model;
    if (chunk.usage) usage = openAiUsage(chunk.usage);
    if (!Array.isArray(chunk.choices)) return;
    for (const choice of chunk.choices) {
      if (!choice || typeof choice !== 'object') continue;
      const index = typeof choice.index === 'number' ? choice.index : 0;
      if (typeof choice.text === 'string') texts[index] = (texts[index] ?? '') + choice.text;
      if (typeof choice.finish_reason === 'string') finishes[index] = choice.finish_reason;
    }
  }

  return {
    push(event: StreamEvent) {
      if (event.kind === 'json') return onChunk(event.value);
      if (event.data !== '[DONE]') onChunk(parseJson(event.data));
    },
    finish() {
      const messages: ChatMessage[] = [];
      const count = Math.max(texts.length, finishes.length);
      for (let i = 0; i < count; i++) messages.push(assistantMessage([{ type: 'text', content: texts[i] ?? '' }], finishes[i]));
      return genAiResponse({ id, model, messages, usage, error });
    },
  };
}
