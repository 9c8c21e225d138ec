import type { ChatMessage, GenAiResponse, Usage } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asArray, asNumber, asRecord, asString } from '../shared/json-shape.js';
import { geminiParts } from './gemini-content.js';
import { assistantMessage, genAiResponse } from '../shared/gen-ai-response.js';

/**
 * `usageMetadata` in the GenAI conventions' terms. `promptTokenCount` already includes the cached content
 * (`cachedContentTokenCount`), and tool-use prompt tokens come beside it; thoughts (`thoughtsTokenCount`, billed as
 * output) are not in `candidatesTokenCount`, while `gen_ai.usage.output_tokens` includes reasoning tokens: so input
 * is prompt + tool-use prompt, output is candidates + thoughts, and the cache and thought counts are kept as the parts
 * they are. Undefined when it holds no count (Vertex sends `{ trafficType }` alone on every streamed chunk before the
 * last).
 *
 * @example
 * geminiUsage({ promptTokenCount: 8, candidatesTokenCount: 9, totalTokenCount: 40, thoughtsTokenCount: 23 });
 * // { inputTokens: 8, outputTokens: 32, totalTokens: 40, reasoningTokens: 23 }
 */
export function geminiUsage(value: unknown): Usage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const u = value as Record<string, any>;
  const prompt = asNumber(u.promptTokenCount);
  const toolPrompt = asNumber(u.toolUsePromptTokenCount);
  const candidates = asNumber(u.candidatesTokenCount);
  const thoughts = asNumber(u.thoughtsTokenCount);
  const usage = compact({
    inputTokens: prompt === undefined && toolPrompt === undefined ? undefined : (prompt ?? 0) + (toolPrompt ?? 0),
    outputTokens: candidates === undefined && thoughts === undefined ? undefined : (candidates ?? 0) + (thoughts ?? 0),
    totalTokens: asNumber(u.totalTokenCount),
    cacheReadInputTokens: asNumber(u.cachedContentTokenCount),
    reasoningTokens: thoughts,
  });
  return Object.keys(usage).length ? usage : undefined;
}

/**
 * The error of a Google API error body (`{ error: { code, message, status } }`); the type is the status name.
 *
 * @example
 * geminiError({ error: { code: 429, message: 'Quota', status: 'RESOURCE_EXHAUSTED' } }); // { type: 'RESOURCE_EXHAUSTED', message: 'Quota' }
 */
export function geminiError(value: unknown): GenAiResponse['error'] {
  const body = Array.isArray(value) ? asRecord(value[0]) : asRecord(value);
  if (!body.error) return undefined;
  const error = asRecord(body.error);
  const type = asString(error.status) ?? (error.code !== undefined ? String(error.code) : 'error');
  const message = asString(error.message);
  return message === undefined ? { type } : { type, message };
}

/**
 * The neutral view of a `generateContent` response (one candidate per output message), or of its error body.
 *
 * @example
 * parseGeminiResponse({ candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] }, finishReason: 'STOP' }], modelVersion: 'gemini-2.5-flash' });
 */
export function parseGeminiResponse(value: unknown): GenAiResponse {
  const error = geminiError(value);
  if (error) return { error };
  const body = asRecord(value);
  const messages = asArray(body.candidates).map((raw) => {
    const candidate = asRecord(raw);
    return assistantMessage(geminiParts(asRecord(candidate.content).parts), asString(candidate.finishReason));
  });
  return genAiResponse({
    id: body.responseId,
    model: body.modelVersion,
    messages,
    usage: geminiUsage(body.usageMetadata),
    finishReasons: blockedReasons(messages, asString(asRecord(body.promptFeedback).blockReason)),
  });
}

/**
 * A blocked prompt has no candidates; its block reason is why generation stopped. Undefined otherwise (the
 * messages' own finish reasons apply).
 *
 * @example
 * blockedReasons([], 'SAFETY'); // ['SAFETY']
 */
export function blockedReasons(messages: ChatMessage[], blocked: string | undefined): string[] | undefined {
  return !messages.length && blocked ? [blocked] : undefined;
}
