import type { AttributeValue, Attributes, MessagePart as Part, NormalizedMessage } from './api-types.js';
import { isObj, json, str } from './attribute-readers.js';
import { contentToParts, toMessages, toolCallPart } from './message-parts.js';
import { AI_SDK_CONTENT } from '../../lib/forward/content-registry.js';

/**
 * The AI SDK's prompt: `ai.prompt.messages` (per call) or `ai.prompt` (the whole call: `{ system, prompt | messages }`).
 * @example aiSdkInput({ 'ai.prompt': '{"prompt":"Hi"}' }) // [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]
 */
export function aiSdkInput(attrs: Attributes): NormalizedMessage[] | null {
  const messages = toMessages(attrs[AI_SDK_CONTENT.promptMessages]);
  if (messages) return messages;
  const prompt = json(attrs[AI_SDK_CONTENT.prompt]);
  if (isObj(prompt)) {
    const out: NormalizedMessage[] = [];
    if (typeof prompt.system === 'string') out.push({ role: 'system', parts: [{ type: 'text', content: prompt.system }] });
    if (Array.isArray(prompt.messages)) out.push(...(toMessages(prompt.messages) ?? []));
    else if (prompt.prompt != null) out.push({ role: 'user', parts: contentToParts(prompt.prompt) });
    return out.length ? out : null;
  }
  if (typeof prompt === 'string') return [{ role: 'user', parts: [{ type: 'text', content: prompt }] }];
  return null;
}

/**
 * The AI SDK's answer: `ai.response.text`, `ai.response.reasoning`, `ai.response.toolCalls`, `ai.response.object`.
 * @example aiSdkOutput({ 'ai.response.text': 'Hi', 'ai.response.finishReason': 'stop' })
 */
export function aiSdkOutput(attrs: Attributes): NormalizedMessage[] | null {
  const text = str(attrs[AI_SDK_CONTENT.responseText]);
  const reasoning = str(attrs[AI_SDK_CONTENT.responseReasoning]);
  const object = attrs[AI_SDK_CONTENT.responseObject];
  const calls = json(attrs[AI_SDK_CONTENT.responseToolCalls]);
  if (text == null && reasoning == null && object == null && !Array.isArray(calls)) return null;
  const parts: Part[] = [];
  if (reasoning) parts.push({ type: 'reasoning', content: reasoning });
  if (text) parts.push({ type: 'text', content: text });
  if (object != null) parts.push({ type: 'text', content: typeof object === 'string' ? object : JSON.stringify(object) });
  if (Array.isArray(calls)) for (const c of calls) {
    const part = toolCallPart(c);
    if (part) parts.push(part);
  }
  const m: NormalizedMessage = { role: 'assistant', parts };
  const finish = str(attrs['ai.response.finishReason']);
  if (finish) m.finish_reason = finish;
  return [m];
}

/** `ai.values` holds each value as JSON text (so a string value arrives quoted). */
function embedValue(v: unknown): Part {
  const value = json(v);
  return { type: 'text', content: typeof value === 'string' ? value : JSON.stringify(value) };
}

/**
 * What was embedded, as one user message with a part per input: the AI SDK's `ai.value` / `ai.values`, or
 * OpenInference's `embedding.embeddings.N.embedding.text`.
 * @example embeddingInput({ 'ai.values': ['"a"', '"b"'] }) // [{ role: 'user', parts: [text a, text b] }]
 */
export function embeddingInput(attrs: Attributes, texts: Array<AttributeValue | undefined>): NormalizedMessage[] | null {
  let parts: Part[] = [];
  const values = attrs[AI_SDK_CONTENT.values];
  if (Array.isArray(values)) parts = values.map(embedValue);
  else if (attrs[AI_SDK_CONTENT.value] != null) parts = [embedValue(attrs[AI_SDK_CONTENT.value])];
  else parts = texts.filter((t) => t != null).map((t) => ({ type: 'text', content: str(t) ?? JSON.stringify(t) }));
  return parts.length ? [{ role: 'user', parts }] : null;
}
