import type { GenAiResponse, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter.js';
import { parseJson } from '../shared/json-shape.js';
import { ollamaError, ollamaMessageParts, ollamaUsage } from './ollama-shared.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * Folds Ollama's NDJSON stream (`/api/chat`: `message` deltas; `/api/generate`: `response` deltas). The final
 * `done: true` line carries `done_reason` and the token counts. Deltas are folded back into one message as a
 * non-streamed body has it, so one parser turns both into parts.
 *
 * @example
 * const acc = createOllamaStreamAccumulator();
 * acc.push({ kind: 'json', value: { model: 'llama3.2', message: { role: 'assistant', content: 'Hi' }, done: false } });
 * acc.push({ kind: 'json', value: { model: 'llama3.2', done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 1 } });
 * acc.finish().usage; // { inputTokens: 5, outputTokens: 1 }
 */
export function createOllamaStreamAccumulator(): StreamAccumulator {
  const message = { content: '', thinking: '', tool_calls: [] as unknown[] };
  let model: string | undefined;
  let doneReason: string | undefined;
  let usage: Usage | undefined;
  let error: GenAiResponse['error'];

  function onLine(line: any): void {
    if (line === null || typeof line !== 'object') return;
    if (line.error !== undefined) {
      error = ollamaError(line);
      return;
    }
    if (typeof line.model === 'string') model = line.model;
    const delta = line.message;
    if (delta && typeof delta === 'object') {
      if (typeof delta.content === 'string') message.content += delta.content;
      if (typeof delta.thinking === 'string') message.thinking += delta.thinking;
      if (Array.isArray(delta.tool_calls)) message.tool_calls.push(...delta.tool_calls);
    }
    if (typeof line.response === 'string') message.content += line.response;
    if (typeof line.thinking === 'string') message.thinking += line.thinking;
    if (line.done === true) {
      if (typeof line.done_reason === 'string') doneReason = line.done_reason;
      usage = ollamaUsage(line);
    }
  }

  return {
    push(event: StreamEvent) {
      onLine(event.kind === 'json' ? event.value : parseJson(event.data));
    },
    finish() {
      const parts = ollamaMessageParts(message);
      return genAiResponse({ model, messages: parts.length || doneReason ? [assistantMessage(parts, doneReason)] : [], usage, error });
    },
  };
}
