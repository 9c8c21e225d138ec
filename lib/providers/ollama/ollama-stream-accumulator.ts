import type { GenAiResponse, MessagePart, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter';
import { parseJson } from '../shared/json-shape';
import { ollamaError, ollamaMessageParts, ollamaUsage } from './ollama-shared';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response';

/**
 * Folds Ollama's NDJSON stream (`/api/chat`: `message` deltas; `/api/generate`: `response` deltas). The final
 * `done: true` line carries `done_reason` and the token counts.
 *
 * @example
 * const acc = createOllamaStreamAccumulator();
 * acc.push({ kind: 'json', value: { model: 'llama3.2', message: { role: 'assistant', content: 'Hi' }, done: false } });
 * acc.push({ kind: 'json', value: { model: 'llama3.2', done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 1 } });
 * acc.finish().usage; // { inputTokens: 5, outputTokens: 1 }
 */
export function createOllamaStreamAccumulator(): StreamAccumulator {
  let text = '';
  let thinking = '';
  const toolCalls: MessagePart[] = [];
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
    const message = line.message;
    if (message && typeof message === 'object') {
      if (typeof message.content === 'string') text += message.content;
      if (typeof message.thinking === 'string') thinking += message.thinking;
      if (Array.isArray(message.tool_calls)) {
        for (const part of ollamaMessageParts({ tool_calls: message.tool_calls })) toolCalls.push(part);
      }
    }
    if (typeof line.response === 'string') text += line.response;
    if (typeof line.thinking === 'string') thinking += line.thinking;
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
      const parts: MessagePart[] = [];
      if (thinking) parts.push({ type: 'reasoning', content: thinking });
      if (text) parts.push({ type: 'text', content: text });
      parts.push(...toolCalls);
      return genAiResponse(undefined, model, parts.length || doneReason ? [assistantMessage(parts, doneReason)] : [], usage, error);
    },
  };
}
