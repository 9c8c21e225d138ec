import type { ChatMessage, GenAiResponse, MessagePart, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter';
import { parseJson } from '../shared/json-shape';
import { geminiPart } from './gemini-content';
import { blockedReasons, geminiError, geminiUsage } from './gemini-response';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response';

interface CandidateState {
  parts: MessagePart[];
  finishReason?: string;
}

/**
 * Folds `streamGenerateContent` chunks (SSE `data:` events with `alt=sse`, or `json` events of the JSON-array stream).
 * Text deltas are appended to the previous part of the same kind; Gemini repeats cumulative `usageMetadata` in every
 * chunk, so the last one wins.
 *
 * @example
 * const acc = createGeminiStreamAccumulator();
 * acc.push({ kind: 'json', value: { candidates: [{ content: { parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }] } });
 * acc.finish().finishReasons; // ['STOP']
 */
export function createGeminiStreamAccumulator(): StreamAccumulator {
  const candidates: CandidateState[] = [];
  let id: string | undefined;
  let model: string | undefined;
  let usage: Usage | undefined;
  let error: GenAiResponse['error'];
  let blocked: string | undefined;

  function onChunk(chunk: any): void {
    if (chunk === null || typeof chunk !== 'object') return;
    if (chunk.error) {
      error = geminiError(chunk);
      return;
    }
    if (typeof chunk.responseId === 'string') id = chunk.responseId;
    if (typeof chunk.modelVersion === 'string') model = chunk.modelVersion;
    if (chunk.usageMetadata) usage = geminiUsage(chunk.usageMetadata);
    if (chunk.promptFeedback && typeof chunk.promptFeedback.blockReason === 'string') blocked = chunk.promptFeedback.blockReason;
    if (!Array.isArray(chunk.candidates)) return;
    for (const candidate of chunk.candidates) {
      if (!candidate || typeof candidate !== 'object') continue;
      const index = typeof candidate.index === 'number' ? candidate.index : 0;
      const state = (candidates[index] ??= { parts: [] });
      const parts = candidate.content?.parts;
      if (Array.isArray(parts)) {
        for (const raw of parts) {
          const part = geminiPart(raw);
          if (!part) continue;
          const last = state.parts[state.parts.length - 1];
          if (last && last.type === part.type && (part.type === 'text' || part.type === 'reasoning')) {
            (last as { content: string }).content += (part as { content: string }).content;
          } else state.parts.push(part);
        }
      }
      if (typeof candidate.finishReason === 'string') state.finishReason = candidate.finishReason;
    }
  }

  return {
    push(event: StreamEvent) {
      onChunk(event.kind === 'json' ? event.value : parseJson(event.data));
    },
    finish() {
      const messages: ChatMessage[] = [];
      for (const state of candidates) if (state) messages.push(assistantMessage(state.parts, state.finishReason));
      return genAiResponse(id, model, messages, usage, error, undefined, blockedReasons(messages, blocked));
    },
  };
}
