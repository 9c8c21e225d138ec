/**
 * The `cached` and streamed-`reasoning` scenarios: the recorded replies with their usage restated as the providers
 * report a prompt-cache hit or hidden reasoning, field for field as their APIs document it. The text of the reply
 * is the recorded one; only the counts change.
 *
 * - Anthropic: `input_tokens` stays the uncached part; `cache_read_input_tokens` and `cache_creation_input_tokens`
 *   (with the `cache_creation` split by TTL) come beside it, in `message_start` and `message_delta` alike.
 * - OpenAI Chat Completions and Responses: `prompt_tokens` / `input_tokens` include the cached tokens, which
 *   `*_tokens_details.cached_tokens` names; reasoning tokens are part of `completion_tokens` / `output_tokens`.
 */

/** The cache counts the `cached` scenario reports. */
export const CACHED_USAGE = { cacheReadTokens: 2048, cacheWriteTokens: 512 } as const;
/** The reasoning tokens the streamed `reasoning` scenario adds to OpenAI chat usage. */
export const REASONING_USAGE = { reasoningTokens: 192 } as const;

/** Which counts to restate. */
export interface UsageRewrite {
  cached?: boolean;
  reasoning?: boolean;
}

function rewriteAnthropic(usage: Record<string, any>, how: UsageRewrite): void {
  if (!how.cached || typeof usage.input_tokens !== 'number') return;
  usage.cache_creation_input_tokens = CACHED_USAGE.cacheWriteTokens;
  usage.cache_read_input_tokens = CACHED_USAGE.cacheReadTokens;
  if (usage.cache_creation) usage.cache_creation = { ephemeral_5m_input_tokens: CACHED_USAGE.cacheWriteTokens, ephemeral_1h_input_tokens: 0 };
}

function rewriteOpenAi(usage: Record<string, any>, how: UsageRewrite): void {
  const chat = typeof usage.prompt_tokens === 'number';
  const inKey = chat ? 'prompt_tokens' : 'input_tokens';
  const outKey = chat ? 'completion_tokens' : 'output_tokens';
  if (typeof usage[inKey] !== 'number') return;
  if (how.cached) {
    // OpenAI caches in 128-token steps of a prompt of at least 1024 tokens: the prompt grows to hold the cached prefix.
    usage[inKey] += CACHED_USAGE.cacheReadTokens;
    usage.total_tokens += CACHED_USAGE.cacheReadTokens;
    usage[`${inKey}_details`] = { ...usage[`${inKey}_details`], cached_tokens: CACHED_USAGE.cacheReadTokens };
  }
  if (how.reasoning) {
    usage[outKey] += REASONING_USAGE.reasoningTokens;
    usage.total_tokens += REASONING_USAGE.reasoningTokens;
    usage[`${outKey}_details`] = { ...usage[`${outKey}_details`], reasoning_tokens: REASONING_USAGE.reasoningTokens };
  }
}

/** Every usage object of a parsed body or event (Anthropic `message.usage`, Responses `response.usage`, top level). */
function usages(value: any): Array<Record<string, any>> {
  if (!value || typeof value !== 'object') return [];
  return [value.usage, value.message?.usage, value.response?.usage].filter((u) => u && typeof u === 'object');
}

/**
 * A JSON body with its usage restated (pretty-printed as the fixtures are).
 *
 * @example
 * rewriteUsageJson(readFixture('anthropic/messages-text.json'), 'anthropic', { cached: true });
 */
export function rewriteUsageJson(text: string, provider: 'anthropic' | 'openai', how: UsageRewrite): string {
  if (!how.cached && !how.reasoning) return text;
  const body = JSON.parse(text);
  for (const u of usages(body)) (provider === 'anthropic' ? rewriteAnthropic : rewriteOpenAi)(u, how);
  return JSON.stringify(body, null, 2);
}

/**
 * SSE events with the usage in their `data:` JSON restated; other events are returned as they are, byte for byte.
 *
 * @example
 * rewriteUsageEvents(splitSse(readFixture('openai/chat-text.sse')), 'openai', { cached: true });
 */
export function rewriteUsageEvents(events: string[], provider: 'anthropic' | 'openai', how: UsageRewrite): string[] {
  if (!how.cached && !how.reasoning) return events;
  return events.map((event) => {
    if (!event.includes('"usage":{')) return event;
    return event.replace(/^data: (.*)$/m, (_, json: string) => {
      const value = JSON.parse(json);
      for (const u of usages(value)) (provider === 'anthropic' ? rewriteAnthropic : rewriteOpenAi)(u, how);
      return `data: ${JSON.stringify(value)}`;
    });
  });
}
