/**
 * The demo's OpenAI-style traffic, made with the official `openai` SDK: a plain chat call, a streamed call, an
 * agent that calls tools across several turns, an embeddings call and a call that hits a 429 and falls back to a
 * smaller model. Scenarios are picked per request with `fakeScenario(...)`; model names stay real.
 */
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { withAgent, withTool } from '../../lib/node.js';
import { demoModels } from './demo-models.js';
import { demoTools, runDemoTool } from './demo-tools.js';
import { fakeScenario } from './fake-scenario.js';

const openAiTools: ChatCompletionTool[] = demoTools.map((tool) => ({
  type: 'function',
  function: { name: tool.name, description: tool.description, parameters: tool.parameters },
}));

/**
 * A plain, non-streamed chat completion.
 *
 * @example
 * await openAiChat(client, 'What is OpenTelemetry?');
 */
export async function openAiChat(client: OpenAI, question: string, model: string = demoModels.chat): Promise<string> {
  const completion = await client.chat.completions.create(
    {
      model,
      temperature: 0.3,
      max_tokens: 200,
      messages: [
        { role: 'system', content: 'You are a concise assistant.' },
        { role: 'user', content: question },
      ],
    },
    fakeScenario('latency-420'),
  );
  return completion.choices[0]?.message.content ?? '';
}

/**
 * A streamed chat completion, read chunk by chunk as an app rendering tokens would.
 *
 * @example
 * const text = await openAiStream(client, 'Write a haiku about traces');
 */
export async function openAiStream(client: OpenAI, prompt: string): Promise<string> {
  const stream = await client.chat.completions.create(
    {
      model: demoModels.stream,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: prompt }],
    },
    fakeScenario('latency-180,slow-25'),
  );
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

/**
 * An embeddings call for a few documents.
 *
 * @example
 * const count = await openAiEmbeddings(client, ['a', 'b']); // 2
 */
export async function openAiEmbeddings(client: OpenAI, documents: string[]): Promise<number> {
  const result = await client.embeddings.create(
    { model: demoModels.embeddings, input: documents },
    fakeScenario('latency-90'),
  );
  return result.data.length;
}

/**
 * Summarizes with the large model, which the provider rejects with 429 (SDK retries off, so one error span), then
 * falls back to the small model, as an app that handles rate limits would. Other errors propagate.
 *
 * @example
 * const { rateLimited, summary } = await openAiSummarize(client, 'Summarize the quarterly report.'); // rateLimited: true
 */
export async function openAiSummarize(client: OpenAI, request: string): Promise<{ rateLimited: boolean; summary: string }> {
  try {
    const completion = await client.chat.completions.create(
      { model: demoModels.rateLimited, messages: [{ role: 'user', content: request }] },
      { ...fakeScenario('rate-limit,latency-60'), maxRetries: 0 },
    );
    return { rateLimited: false, summary: completion.choices[0]?.message.content ?? '' };
  } catch (error) {
    if (!(error instanceof OpenAI.RateLimitError)) throw error;
    return { rateLimited: true, summary: await openAiChat(client, request, demoModels.fallback) };
  }
}

/**
 * A tool-using agent working through the user's requests one after another: for each, the model asks for tools,
 * each runs in an `execute_tool` span, and the results go back to the model until it answers (at most four turns
 * per request).
 *
 * @example
 * const answers = await openAiTravelAgent(client, ['Weather in Paris and Tokyo?', 'Which suits a picnic?']);
 */
export function openAiTravelAgent(client: OpenAI, requests: readonly string[]): Promise<string[]> {
  return withAgent('travel-agent', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: 'You plan trips. Check the weather with the tools before advising.' },
    ];
    const answers: string[] = [];
    for (const request of requests) {
      messages.push({ role: 'user', content: request });
      for (let turn = 0; turn < 4; turn++) {
        // Streamed, as agents usually are; the SDK's helper assembles the tool-call deltas into one message.
        const completion = await client.chat.completions
          .stream(
            { model: demoModels.agent, messages, tools: openAiTools, stream_options: { include_usage: true } },
            fakeScenario('tools,latency-160,slow-12'),
          )
          .finalChatCompletion();
        const message = completion.choices[0]?.message;
        if (!message) break;
        messages.push(message);
        const calls = message.tool_calls?.filter((call) => call.type === 'function') ?? [];
        if (calls.length === 0) {
          answers.push(message.content ?? '');
          break;
        }
        for (const call of calls) {
          const result = await withTool(call.function.name, () => runDemoTool(call.function.name, call.function.arguments));
          messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
        }
      }
    }
    return answers;
  });
}
