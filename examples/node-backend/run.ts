/**
 * The Node backend example: the official `openai` SDK, streaming with tools, inside a workflow > agent > tool
 * span tree. Every LLM call becomes a `chat {model}` span under the agent; every tool an `execute_tool` span.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { flush, init, tracedFetch, withAgent, withTool, withWorkflow } from 'tracelight';
import { resolveOpenAITarget } from '../shared/resolve-openai-target.js';
import { toTracesUrl } from '../../viewer/shared/to-traces-url.js';
import { runTravelTool, travelTools } from './travel-tools.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** The viewer or collector; default: the library's own resolution (env vars, else `http://localhost:4318`). */
  otlpEndpoint?: string;
  question?: string;
  /** Environment for choosing the LLM (real keys vs fake provider); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Receives streamed answer text as it arrives; default: nothing. */
  onText?: (text: string) => void;
}

/** What the agent did. */
export interface RunResult {
  answer: string;
  turns: number;
  toolCalls: string[];
  usedFakeProvider: boolean;
}

/**
 * Runs the travel assistant once and flushes the spans.
 *
 * @example
 * const result = await run({ otlpEndpoint: 'http://127.0.0.1:4318', onText: (t) => process.stdout.write(t) });
 */
export async function run(options: RunOptions = {}): Promise<RunResult> {
  const target = await resolveOpenAITarget({ fakeModel: 'gpt-4o-mini-tools', env: options.env });
  init({
    serviceName: 'node-backend-example',
    ...(options.otlpEndpoint ? { endpoint: toTracesUrl(options.otlpEndpoint) } : {}),
  });
  const client = new OpenAI({ baseURL: target.baseURL, apiKey: target.apiKey, fetch: tracedFetch });
  const question = options.question ?? 'I fly to Paris or Tokyo tomorrow. Where is the weather better?';
  try {
    const result = await withWorkflow('plan-trip', () =>
      withAgent('travel-assistant', async () => {
        const messages: ChatCompletionMessageParam[] = [
          { role: 'system', content: 'You are a travel assistant. Use the tools, then answer in two sentences.' },
          { role: 'user', content: question },
        ];
        const toolCalls: string[] = [];
        for (let turn = 1; turn <= 6; turn++) {
          // The SDK's stream helper: text deltas arrive live, and the final message carries the tool calls.
          const stream = client.chat.completions.stream({
            model: target.model,
            messages,
            tools: travelTools,
            stream_options: { include_usage: true },
          });
          if (options.onText) stream.on('content', (delta) => options.onText?.(delta));
          const completion = await stream.finalChatCompletion();
          const message = completion.choices[0]?.message;
          if (!message) break;
          messages.push(message);
          const calls = message.tool_calls?.filter((call) => call.type === 'function') ?? [];
          if (calls.length === 0) return { answer: message.content ?? '', turns: turn, toolCalls };
          for (const call of calls) {
            toolCalls.push(call.function.name);
            const output = await withTool(call.function.name, async () =>
              runTravelTool(call.function.name, call.function.arguments),
            );
            messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
          }
        }
        return { answer: '(no answer after 6 turns)', turns: 6, toolCalls };
      }),
    );
    return { ...result, usedFakeProvider: target.fake };
  } finally {
    await flush();
    await target.close();
  }
}
