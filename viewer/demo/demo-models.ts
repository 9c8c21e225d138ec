/**
 * Model names the demo sends. The fake provider picks its scenario from the model name
 * (see `examples/fake-provider/scenarios.ts`), so these names are what makes a call succeed, stream, use
 * tools or hit a rate limit.
 *
 * @example
 * client.chat.completions.create({ model: demoModels.chat, messages });
 */
export const demoModels = {
  chat: 'gpt-4o-mini',
  // `slow-<ms>` paces the fake stream so its time to first chunk and duration show in the waterfall.
  stream: 'gpt-4o-mini-slow-25',
  tools: 'gpt-4o-mini-tools-slow-15',
  embeddings: 'text-embedding-3-small',
  rateLimited: 'gpt-4o-rate-limit',
  anthropicChat: 'claude-sonnet-4-0',
  anthropicStream: 'claude-sonnet-4-0-slow-25',
  anthropicTools: 'claude-sonnet-4-0-tools-slow-15',
  anthropicRateLimited: 'claude-sonnet-4-0-rate-limit',
} as const;
