import type { Usage } from '../provider-adapter.js';
import { compact } from '../shared/compact.js';
import { asNumber, asRecord } from '../shared/json-shape.js';

/**
 * Usage from any OpenAI-wire body: Chat Completions / Completions / Embeddings (`prompt_tokens`, `completion_tokens`,
 * `*_tokens_details`) and the Responses API (`input_tokens`, `output_tokens`, `*_tokens_details`). Undefined when the
 * body has no usage (e.g. a stream without `include_usage`). These counts already follow the GenAI conventions: the
 * prompt count includes the cached tokens and the completion count the reasoning tokens, which the details name.
 *
 * @example
 * openAiUsage({ prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 }); // { inputTokens: 19, outputTokens: 10, totalTokens: 29 }
 */
export function openAiUsage(value: unknown): Usage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const u = value as Record<string, any>;
  const inputDetails = asRecord(u.prompt_tokens_details ?? u.input_tokens_details);
  const outputDetails = asRecord(u.completion_tokens_details ?? u.output_tokens_details);
  return compact({
    inputTokens: asNumber(u.prompt_tokens ?? u.input_tokens),
    outputTokens: asNumber(u.completion_tokens ?? u.output_tokens),
    totalTokens: asNumber(u.total_tokens),
    // DeepSeek reports cache hits as `prompt_cache_hit_tokens` instead of the details object.
    cacheReadInputTokens: asNumber(inputDetails.cached_tokens) ?? asNumber(u.prompt_cache_hit_tokens),
    // OpenRouter reports prompt-cache writes (for the providers that charge them) beside the reads.
    cacheCreationInputTokens: asNumber(inputDetails.cache_write_tokens),
    reasoningTokens: asNumber(outputDetails.reasoning_tokens),
  });
}
