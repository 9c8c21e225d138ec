import type { ProviderAdapter } from '../providers/provider-adapter';
import { builtInProviders } from '../providers/index';

/**
 * The adapters used when the user adds none: the built-in registry (OpenAI and compatible hosts, Anthropic, Gemini,
 * Ollama).
 *
 * @example
 * const adapters = [...userAdapters, ...defaultProviders()];
 */
export function defaultProviders(): readonly ProviderAdapter[] {
  return builtInProviders;
}
