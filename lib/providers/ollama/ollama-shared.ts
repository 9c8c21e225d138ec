import type { GenAiResponse, MessagePart, RequestParams, Usage } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asArray, asNumber, asRecord, asString, asStringList } from '../shared/json-shape.js';

/**
 * Token counts of Ollama's final (`done: true`) object: `prompt_eval_count` in, `eval_count` out.
 *
 * @example
 * ollamaUsage({ done: true, prompt_eval_count: 31, eval_count: 10 }); // { inputTokens: 31, outputTokens: 10 }
 */
export function ollamaUsage(body: Record<string, any>): Usage | undefined {
  const usage = compact({ inputTokens: asNumber(body.prompt_eval_count), outputTokens: asNumber(body.eval_count) });
  return usage.inputTokens === undefined && usage.outputTokens === undefined ? undefined : usage;
}

/**
 * Ollama's error body `{ "error": "..." }` (also a line of a stream).
 *
 * @example
 * ollamaError({ error: 'model "x" not found' }); // { type: 'error', message: 'model "x" not found' }
 */
export function ollamaError(body: Record<string, any>): GenAiResponse['error'] {
  if (body.error === undefined || body.error === null) return undefined;
  return typeof body.error === 'string' ? { type: 'error', message: body.error } : { type: 'error', message: JSON.stringify(body.error) };
}

/**
 * `gen_ai.request.*` parameters from Ollama's `options`.
 *
 * @example
 * ollamaParams({ options: { temperature: 0.1, num_predict: 128 } }); // { temperature: 0.1, max_tokens: 128 }
 */
export function ollamaParams(body: Record<string, any>): RequestParams {
  const options = asRecord(body.options);
  return compact({
    temperature: asNumber(options.temperature),
    max_tokens: asNumber(options.num_predict),
    top_p: asNumber(options.top_p),
    top_k: asNumber(options.top_k),
    frequency_penalty: asNumber(options.frequency_penalty),
    presence_penalty: asNumber(options.presence_penalty),
    stop_sequences: asStringList(options.stop),
    seed: asNumber(options.seed),
  });
}

/**
 * An Ollama chat message (`content`, `thinking`, `images`, `tool_calls`) as GenAI parts.
 *
 * @example
 * ollamaMessageParts({ role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { location: 'Paris' } } }] });
 * // [{ type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } }]
 */
export function ollamaMessageParts(message: Record<string, any>): MessagePart[] {
  const parts: MessagePart[] = [];
  if (typeof message.thinking === 'string' && message.thinking) parts.push({ type: 'reasoning', content: message.thinking });
  if (typeof message.content === 'string' && message.content) parts.push({ type: 'text', content: message.content });
  for (const image of asArray(message.images)) {
    if (typeof image === 'string') parts.push({ type: 'blob', modality: 'image', content: image });
  }
  for (const call of asArray(message.tool_calls)) {
    const c = asRecord(call);
    const fn = asRecord(c.function);
    parts.push(compact({ type: 'tool_call', id: asString(c.id), name: asString(fn.name) ?? '', arguments: fn.arguments }));
  }
  return parts;
}
