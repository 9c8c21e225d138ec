/**
 * Where an example sends its OpenAI-style calls: the real API (or any OpenAI-compatible host) when the usual
 * env vars are set, else the fake provider from `viewer/fake-provider`, started in-process on a free port.
 */
import { createFakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';

/** An OpenAI-compatible endpoint ready for `new OpenAI({ baseURL, apiKey })` or `createOpenAI(...)`. */
export interface OpenAITarget {
  baseURL: string;
  apiKey: string;
  model: string;
  /** True when the calls go to the in-process fake provider. */
  fake: boolean;
  /** Stops the fake provider, if one was started. */
  close(): Promise<void>;
}

/** Options of {@link resolveOpenAITarget}. */
export interface ResolveOpenAITargetOptions {
  /** The fake provider scenario to use (the fake provider picks its behaviour from the model name). */
  fakeModel: string;
  /** Environment to read; default `process.env`. Tests pass `{}` to force the fake provider. */
  env?: Record<string, string | undefined>;
}

/**
 * `OPENAI_API_KEY` (and optionally `OPENAI_BASE_URL`, `OPENAI_MODEL`) select a real endpoint; an
 * `OPENAI_BASE_URL` alone selects a key-less compatible host (e.g. Ollama's `http://localhost:11434/v1`).
 * Otherwise the fake provider starts.
 *
 * @example
 * const target = await resolveOpenAITarget({ fakeModel: 'gpt-4o-mini' });
 * const client = new OpenAI({ baseURL: target.baseURL, apiKey: target.apiKey, fetch: tracedFetch });
 * // ...
 * await target.close();
 */
export async function resolveOpenAITarget(options: ResolveOpenAITargetOptions): Promise<OpenAITarget> {
  const env = options.env ?? process.env;
  if (env.OPENAI_API_KEY || env.OPENAI_BASE_URL) {
    return {
      baseURL: env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      apiKey: env.OPENAI_API_KEY ?? 'no-key',
      model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
      fake: false,
      close: async () => undefined,
    };
  }
  const provider = await createFakeProvider({ port: 0 });
  return {
    baseURL: `${provider.url}/v1`,
    apiKey: 'fake-key',
    model: options.fakeModel,
    fake: true,
    close: () => provider.close(),
  };
}
