/**
 * The Vercel AI SDK example: `generateText` and `streamText` with the AI SDK's own telemetry on. Tracelight's
 * `init` registers the global OTel tracer provider, so the AI SDK's `ai.*` spans and our HTTP-level
 * `chat {model}` spans land in one tree:
 *
 *   ai-sdk-example.workflow
 *   ├─ ai.generateText                 (a tool-using call: two steps)
 *   │  ├─ ai.generateText.doGenerate ─ chat gpt-4o-mini      step 1: the model asks for get_weather
 *   │  ├─ ai.toolCall get_weather                              the AI SDK runs the tool
 *   │  └─ ai.generateText.doGenerate ─ chat gpt-4o-mini      step 2: the answer
 *   └─ ai.streamText ─ ai.streamText.doStream ─ chat gpt-4o-mini
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { flush, init, tracedFetch, withWorkflow } from 'tracelight';
import { resolveOpenAITarget } from '../shared/resolve-openai-target.js';
import { toTracesUrl } from '../../viewer/shared/to-traces-url.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** The viewer or collector; default: the library's own resolution (env vars, else `http://localhost:4318`). */
  otlpEndpoint?: string;
  /** Environment for choosing the LLM (real keys vs fake provider); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Receives streamed text as it arrives; default: nothing. */
  onText?: (text: string) => void;
}

/** What the two calls returned. */
export interface RunResult {
  generated: string;
  /** Tool calls the AI SDK ran during `generateText`. */
  toolCalls: string[];
  streamed: string;
  usedFakeProvider: boolean;
}

/**
 * Makes one tool-using `generateText` call and one `streamText` call inside a workflow span, then flushes.
 *
 * @example
 * const { generated, streamed } = await run({ otlpEndpoint: 'http://127.0.0.1:4318' });
 */
export async function run(options: RunOptions = {}): Promise<RunResult> {
  const target = await resolveOpenAITarget({ fakeModel: 'gpt-4o-mini', env: options.env });
  init({
    serviceName: 'ai-sdk-example',
    ...(options.otlpEndpoint ? { endpoint: toTracesUrl(options.otlpEndpoint) } : {}),
  });
  const openai = createOpenAI({ baseURL: target.baseURL, apiKey: target.apiKey, fetch: tracedFetch });
  // `.chat()` selects Chat Completions; `openai(model)` would use the Responses API, which works the same way.
  const model = openai.chat(target.model);
  // The fake provider picks its behaviour from the model name: `-tools` makes it ask for tool calls.
  const toolModel = openai.chat(target.fake ? 'gpt-4o-mini-tools' : target.model);
  const tools = {
    get_weather: tool({
      description: 'Current weather for a city.',
      inputSchema: jsonSchema<{ location: string }>({
        type: 'object',
        properties: { location: { type: 'string' } },
        required: ['location'],
      }),
      execute: async ({ location }) => ({ location, forecast: location === 'Tokyo' ? 'light rain' : 'sunny' }),
    }),
  };
  try {
    const result = await withWorkflow('ai-sdk-example', async () => {
      const generated = await generateText({
        model: toolModel,
        system: 'You compare travel destinations. Check the weather first.',
        prompt: 'Paris or Tokyo this weekend?',
        tools,
        stopWhen: stepCountIs(3),
        experimental_telemetry: { isEnabled: true, functionId: 'compare-destinations' },
      });
      const stream = streamText({
        model,
        prompt: 'Write a two-line poem about spans and traces.',
        experimental_telemetry: { isEnabled: true, functionId: 'write-poem' },
      });
      let streamed = '';
      for await (const delta of stream.textStream) {
        streamed += delta;
        options.onText?.(delta);
      }
      const toolCalls = generated.steps.flatMap((step) => step.toolCalls.map((call) => call.toolName));
      return { generated: generated.text, toolCalls, streamed };
    });
    return { ...result, usedFakeProvider: target.fake };
  } finally {
    await flush();
    await target.close();
  }
}
