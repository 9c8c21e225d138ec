import type { ProviderAdapter } from '../providers/provider-adapter';

/**
 * The adapters used when the user adds none: the built-in registry.
 *
 * @example
 * const adapters = [...userAdapters, ...defaultProviders()];
 */
export function defaultProviders(): readonly ProviderAdapter[] {
  return [];
}
