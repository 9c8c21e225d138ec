import type { Provider } from '../fetch/call-tracer';
import { builtInProviders } from '../providers/index';
import { mcp } from '../mcp/mcp';

let defaults: readonly Provider[] | undefined;

/**
 * What is traced when the user adds nothing: the built-in wire-format adapters (OpenAI and compatible hosts,
 * Anthropic, Gemini, Ollama), then MCP over Streamable HTTP (matched on the request body, so it goes last).
 *
 * @example
 * const providers = [...userProviders, ...defaultProviders()];
 */
export function defaultProviders(): readonly Provider[] {
  return (defaults ??= Object.freeze([...builtInProviders, mcp()]));
}
