// @traceloop/node-server-sdk (OpenLLMetry) instrumenting the real `openai` and `@anthropic-ai/sdk` clients, with its
// workflow / task / agent / tool decorators. Test helper, not a test file.
// Traceloop 0.27's Anthropic instrumentation patches `Anthropic.Completions`, which @anthropic-ai/sdk 1.x removed: it
// instruments the 0.x line, installed under the alias `anthropic-sdk-0`.
import * as anthropicModule from 'anthropic-sdk-0';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import * as traceloop from '@traceloop/node-server-sdk';
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, jsonSchema, stepCountIs, tool } from 'ai';
import { RunnableLambda } from '@langchain/core/runnables';
import OpenAI from 'openai';
import { packageVersion, type CreateSender } from './sender.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
};

/**
 * Traceloop's SDK: an agent workflow (workflow > agent > chat with tools > tool > chat), Anthropic with a prompt
 * cache hit (streamed and not), embeddings.
 *
 * @example
 * const sender = await createTraceloopSender(viewer.url + '/v1/traces');
 */
export const createTraceloopSender: CreateSender = async (otlpUrl) => {
  traceloop.initialize({
    appName: 'traceloop-sender',
    exporter: new OTLPTraceExporter({ url: otlpUrl }),
    disableBatch: true,
    instrumentModules: { openAI: OpenAI as never, anthropic: anthropicModule as never },
    silenceInitializationMessage: true,
    traceloopSyncEnabled: false,
  });
  const openai = (fakeUrl: string) => new OpenAI({ apiKey: 'sk-fake', baseURL: `${fakeUrl}/v1`, maxRetries: 0 });
  const anthropic = (fakeUrl: string) => new anthropicModule.Anthropic({ apiKey: 'sk-ant-fake', baseURL: fakeUrl, maxRetries: 0 });
  const done = () => traceloop.forceFlush();
  return {
    packageName: `@traceloop/node-server-sdk@${await packageVersion('@traceloop/node-server-sdk')}`,
    cases: {
      async 'agent-workflow'({ fakeUrl }) {
        const client = openai(fakeUrl);
        await traceloop.withWorkflow({ name: 'plan_trip' }, async (request: { city: string }) => {
          return traceloop.withAgent({ name: 'travel_agent' }, async () => {
            const messages: OpenAI.ChatCompletionMessageParam[] = [
              { role: 'system', content: 'You are terse.' },
              { role: 'user', content: `What's the weather in ${request.city}?` },
            ];
            const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [weatherTool] }, { headers: { 'x-fake-scenario': 'tools' } });
            const calls = (first.choices[0].message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
            const results: OpenAI.ChatCompletionMessageParam[] = [];
            for (const call of calls) {
              const args = JSON.parse(call.function.arguments) as { location: string };
              const weather = await traceloop.withTool({ name: 'get_weather' }, async (a: { location: string }) => ({ location: a.location, temperature: 18 }), args);
              results.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(weather) });
            }
            const final = await traceloop.withTask({ name: 'answer' }, () =>
              client.chat.completions.create({ model: 'gpt-4o-mini', messages: [...messages, first.choices[0].message, ...results], tools: [weatherTool] }),
            );
            return final.choices[0].message.content;
          });
        }, { city: 'Paris' });
        await done();
      },
      async 'ai-sdk-agent'({ fakeUrl }) {
        // Traceloop's span processor rewrites the AI SDK's `ai.*` spans into its own attributes.
        const model = createOpenAI({ apiKey: 'sk-fake', baseURL: `${fakeUrl}/v1`, headers: { 'x-fake-scenario': 'tools' } }).chat('gpt-4o-mini');
        const get_weather = tool({
          description: 'Weather for a city',
          inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }),
          execute: async ({ location }) => ({ location, temperature: 18 }),
        });
        await traceloop.withWorkflow({ name: 'weather_report' }, () =>
          traceloop.withAgent({ name: 'weather_agent' }, () =>
            generateText({
              model,
              prompt: "What's the weather in Paris?",
              tools: { get_weather },
              stopWhen: stepCountIs(3),
              maxRetries: 0,
              experimental_telemetry: { isEnabled: true, functionId: 'weather' },
            }),
          ),
        );
        await done();
      },
      async 'langchain-chain'() {
        // Traceloop always instruments LangChain: each runnable becomes a `workflow` span with entity input/output.
        const chain = RunnableLambda.from((q: { question: string }) => q.question.trim())
          .withConfig({ runName: 'clean_question' })
          .pipe(RunnableLambda.from((text: string) => ({ answer: `You asked: ${text}` })).withConfig({ runName: 'answer' }));
        await chain.invoke({ question: ' What is OTLP? ' }, { runName: 'qa_chain' });
        await done();
      },
      async 'anthropic-cached'({ fakeUrl }) {
        await anthropic(fakeUrl).messages.create(
          { model: 'claude-haiku-4-5', max_tokens: 256, system: 'Be brief.', messages: [{ role: 'user', content: 'Say hello' }] },
          { headers: { 'x-fake-scenario': 'cached' } },
        );
        await done();
      },
      async 'anthropic-stream-cached'({ fakeUrl }) {
        const stream = await anthropic(fakeUrl).messages.create(
          { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: 'Say hello' }], stream: true },
          { headers: { 'x-fake-scenario': 'cached' } },
        );
        for await (const _ of stream);
        await done();
      },
      async 'chat-reasoning'({ fakeUrl }) {
        await openai(fakeUrl).chat.completions.create({ model: 'o4-mini', messages: [{ role: 'user', content: 'What is 27 * 453?' }] }, { headers: { 'x-fake-scenario': 'reasoning' } });
        await done();
      },
    },
    async shutdown() {
      await traceloop.forceFlush();
    },
  };
};
