import type { ProviderAdapter } from '../provider-adapter';
import { anthropicMessagesAdapter } from './anthropic-messages-adapter';
import { anthropicVertexAdapter } from './anthropic-vertex-adapter';

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
