import type { ProviderAdapter } from '../provider-adapter.js';
import { anthropicMessagesAdapter } from './anthropic-messages-adapter.js';
import { anthropicVertexAdapter } from './anthropic-vertex-adapter.js';

/**
 * Anthropic's Messages API (tool use, thinking), streamed or not, on Anthropic's API and on Vertex AI.
 *
 * @example
 * import { init } from 'tracelight/core';
 * import { anthropic } from 'tracelight/anthropic';
 * init({ providers: [anthropic()] });
 */
export function anthropic(): readonly ProviderAdapter[] {
  return [anthropicMessagesAdapter, anthropicVertexAdapter];
}
