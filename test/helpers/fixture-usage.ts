/**
 * Reads the token usage a recorded OpenAI SSE fixture reports, so tests compare span token counts with the
 * exact numbers the fake provider sent rather than with copies of them.
 */
import { readFixture } from '../../viewer/fake-provider/fixture-files.js';

/** `{ input, output }` from the last `usage` object of `viewer/fake-provider/recordings/openai/<name>`, read as the fake provider reads it. */
export function openAiFixtureUsage(name: string): { input: number; output: number } {
  let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  for (const line of readFixture(`openai/${name}`).split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const chunk = JSON.parse(line.slice(6)) as { usage?: typeof usage | null };
    if (chunk.usage) usage = chunk.usage;
  }
  if (!usage) throw new Error(`no usage in ${name}`);
  return { input: usage.prompt_tokens, output: usage.completion_tokens };
}
