/**
 * The real model names the demo sends, as an app would. Which scenario the fake provider plays (stream pacing, tool
 * calls, a 429) is chosen per request by the `x-fake-scenario` header (see `fake-scenario.ts`), never by the name, so
 * the viewer shows, echoes and prices these names as they are.
 *
 * @example
 * client.chat.completions.create({ model: demoModels.chat, messages });
 */
export const demoModels = {
  chat: 'gpt-4o-mini',
  stream: 'gpt-4.1-mini',
  agent: 'gpt-4.1',
  embeddings: 'text-embedding-3-small',
  /** Rate limited in the demo; the app then falls back to {@link demoModels.fallback}. */
  rateLimited: 'gpt-4o',
  fallback: 'gpt-4o-mini',
  // Not `claude-sonnet-4-5`: @anthropic-ai/sdk warns on stderr for every request to a deprecated model.
  anthropicChat: 'claude-sonnet-4-6',
  anthropicStream: 'claude-sonnet-4-6',
  anthropicAgent: 'claude-sonnet-4-6',
  /** Rate limited in the demo; the app then falls back to {@link demoModels.anthropicFallback}. */
  anthropicRateLimited: 'claude-sonnet-4-6',
  anthropicFallback: 'claude-haiku-4-5',
} as const;
