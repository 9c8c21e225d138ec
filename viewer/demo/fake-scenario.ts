import { SCENARIO_HEADER } from '../fake-provider/scenarios.js';

/**
 * Per-request options for the `openai` and `@anthropic-ai/sdk` clients (their second argument to `create` /
 * `stream`) that ask the demo's fake provider for a scenario through the `x-fake-scenario` header, so the model
 * name stays real. `latency-<ms>` (time to first byte) and `slow-<ms>` (per stream event) give calls model-like
 * durations, so the waterfall looks like a real app's.
 *
 * @example
 * await openai.chat.completions.create({ model: 'gpt-4o', messages }, { ...fakeScenario('rate-limit'), maxRetries: 0 });
 */
export function fakeScenario(keywords: string): { headers: Record<string, string> } {
  return { headers: { [SCENARIO_HEADER]: keywords } };
}
