import type { ChatMessage, GenAiResponse, MessagePart, StreamAccumulator, StreamEvent, Usage } from '../provider-adapter.js';
import { asRecord, parseJson } from '../shared/json-shape.js';
import { applyPartialArgs } from './apply-partial-args.js';
import { geminiPart } from './gemini-content.js';
import { blockedReasons, geminiError, geminiUsage } from './gemini-response.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

interface CandidateState {
  parts: MessagePart[];
  finishReason?: string;
  /** Arguments of a function call whose arguments are still streaming (`willContinue: true`). */
  openArgs?: Record<string, unknown>;
}

/**
 * Folds `streamGenerateContent` chunks (SSE `data:` events with `alt=sse`, or `json` events of the JSON-array stream).
 * Text deltas are appended to the previous part of the same kind; Gemini repeats cumulative `usageMetadata` in every
 * chunk, so the last one wins. A function call whose arguments Vertex streams (`willContinue` and `partialArgs`) is
 * one tool call: it opens with its name, its arguments are folded in chunk by chunk, and it closes with a chunk
 * without `willContinue` (an empty `functionCall: {}`, or its last `partialArgs`).
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
    usage = geminiUsage(chunk.usageMetadata) ?? usage;
    if (chunk.promptFeedback && typeof chunk.promptFeedback.blockReason === 'string') blocked = chunk.promptFeedback.blockReason;
    if (!Array.isArray(chunk.candidates)) return;
    for (const candidate of chunk.candidates) {
      if (!candidate || typeof candidate !== 'object') continue;
      const index = typeof candidate.index === 'number' ? candidate.index : 0;
      const state = (candidates[index] ??= { parts: [] });
      const parts = candidate.content?.parts;
      if (Array.isArray(parts)) {
        for (const raw of parts) {
          const call = raw?.functionCall;
          if (call && typeof call === 'object' && (state.openArgs || call.willContinue === true || call.partialArgs || !call.name)) {
            foldStreamedCall(state, raw, call);
            continue;
          }
          const part = geminiPart(raw);
          // Vertex ends a tool-call turn with an empty text part next to the finish reason.
          if (!part || (part.type === 'text' && !part.content)) continue;
          const last = state.parts[state.parts.length - 1];
          if (last && last.type === part.type && (part.type === 'text' || part.type === 'reasoning')) {
            (last as { content: string }).content += (part as { content: string }).content;
          } else state.parts.push(part);
        }
      }
      if (typeof candidate.finishReason === 'string') state.finishReason = candidate.finishReason;
    }
  }

  // Also takes the empty `functionCall: {}` that closes a streamed call, which is no tool call of its own.
  function foldStreamedCall(state: CandidateState, raw: unknown, call: any): void {
    if (call.name && typeof call.name === 'string') {
      const part = geminiPart(raw) as Extract<MessagePart, { type: 'tool_call' }>;
      state.openArgs = part.arguments = { ...asRecord(call.args) };
      state.parts.push(part);
    }
    if (state.openArgs) applyPartialArgs(state.openArgs, call.partialArgs);
    if (call.willContinue !== true) state.openArgs = undefined;
  }

  return {
    push(event: StreamEvent) {
      onChunk(event.kind === 'json' ? event.value : parseJson(event.data));
    },
    finish() {
      const messages: ChatMessage[] = [];
      for (const state of candidates) if (state) messages.push(assistantMessage(state.parts, state.finishReason));
      return genAiResponse({ id, model, messages, usage, error, finishReasons: blockedReasons(messages, blocked) });
    },
  };
}
