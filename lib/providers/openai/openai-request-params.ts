import type { RequestParams } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asNumber, asRecord, asString, asStringList } from '../shared/json-shape.js';

/**
 * `gen_ai.request.*` parameters from a Chat Completions or legacy Completions body.
 *
 * @example
 * openAiRequestParams({ temperature: 0.2, max_completion_tokens: 256, stop: 'END', n: 2 });
 * // { temperature: 0.2, max_tokens: 256, stop_sequences: ['END'], choice_count: 2 }
 */
export function openAiRequestParams(body: Record<string, any>): RequestParams {
  const n = asNumber(body.n);
  return compact({
    temperature: asNumber(body.temperature),
    max_tokens: asNumber(body.max_completion_tokens ?? body.max_tokens),
    top_p: asNumber(body.top_p),
    frequency_penalty: asNumber(body.frequency_penalty),
    presence_penalty: asNumber(body.presence_penalty),
    stop_sequences: asStringList(body.stop),
    seed: asNumber(body.seed),
    // Semconv: record the choice count only when it is not 1.
    choice_count: n !== undefined && n !== 1 ? n : undefined,
  });
}

/**
 * Extra request attributes shared by the OpenAI endpoints: the requested service tier and the output type.
 *
 * @example
 * openAiRequestAttributes({ service_tier: 'flex', response_format: { type: 'json_schema' } });
 * // { 'openai.request.service_tier': 'flex', 'gen_ai.output.type': 'json' }
 */
export function openAiRequestAttributes(body: Record<string, any>): Record<string, string> | undefined {
  const attributes: Record<string, string> = {};
  const tier = asString(body.service_tier);
  if (tier) attributes['openai.request.service_tier'] = tier;
  const format = asString(asRecord(body.response_format).type) ?? asString(asRecord(asRecord(body.text).format).type);
  if (format) attributes['gen_ai.output.type'] = format === 'text' ? 'text' : 'json';
  return Object.keys(attributes).length ? attributes : undefined;
}

/**
 * Response attributes OpenAI reports besides the neutral fields (semconv `openai.response.*`).
 *
 * @example
 * openAiResponseAttributes({ service_tier: 'default', system_fingerprint: 'fp_0392822090' });
 */
export function openAiResponseAttributes(body: Record<string, any>): Record<string, string> | undefined {
  const tier = asString(body.service_tier);
  const fingerprint = asString(body.system_fingerprint);
  if (!tier && !fingerprint) return undefined;
  const attributes: Record<string, string> = {};
  if (tier) attributes['openai.response.service_tier'] = tier;
  if (fingerprint) attributes['openai.response.system_fingerprint'] = fingerprint;
  return attributes;
}
