// @arizeai/openinference-instrumentation-openai around the real `openai` client. Test helper, not a test file.
import { traceAgent, traceChain, traceTool } from '@arizeai/openinference-core';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import OpenAI from 'openai';
import { packageVersion, type CreateSender } from './sender.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
};

/**
 * OpenInference's OpenAI instrumentation: chat (with tools, streamed with usage), Responses, embeddings.
 *
 * @example
 * const sender = await createOpenInferenceSender(viewer.url + '/v1/traces');
 */
export const createOpenInferenceSender: CreateSender = async (otlpUrl) => {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'openinference-sender' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: otlpUrl }))],
  });
  provider.register();
  const instrumentation = new OpenAIInstrumentation({ tracerProvider: provider });
  instrumentation.manuallyInstrument(OpenAI);
  const client = (fakeUrl: string) => new OpenAI({ apiKey: 'sk-fake', baseURL: `${fakeUrl}/v1`, maxRetries: 0 });
  const done = () => provider.forceFlush();
  return {
    packageName: `@arizeai/openinference-instrumentation-openai@${await packageVersion('@arizeai/openinference-instrumentation-openai')}`,
    cases: {
      async 'chat-tools'({ fakeUrl }) {
        const openai = client(fakeUrl);
        const messages: OpenAI.ChatCompletionMessageParam[] = [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: "What's the weather in Paris?" },
        ];
        const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools: [weatherTool] }, { headers: { 'x-fake-scenario': 'tools' } });
        const call = first.choices[0].message.tool_calls![0] as OpenAI.ChatCompletionMessageFunctionToolCall;
        await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [...messages, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '{"temperature":18}' }],
          tools: [weatherTool],
        });
        await done();
      },
      async 'chat-stream-cached'({ fakeUrl }) {
        const stream = await client(fakeUrl).chat.completions.create(
          { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello' }], stream: true, stream_options: { include_usage: true } },
          { headers: { 'x-fake-scenario': 'cached' } },
        );
        for await (const _ of stream);
        await done();
      },
      async 'chat-reasoning'({ fakeUrl }) {
        await client(fakeUrl).chat.completions.create({ model: 'o4-mini', messages: [{ role: 'user', content: 'What is 27 * 453?' }] }, { headers: { 'x-fake-scenario': 'reasoning' } });
        await done();
      },
      async responses({ fakeUrl }) {
        await client(fakeUrl).responses.create({ model: 'gpt-4.1-mini', instructions: 'Be brief.', input: 'Say hello' });
        await done();
      },
      async 'responses-stream'({ fakeUrl }) {
        const stream = await client(fakeUrl).responses.create({ model: 'gpt-4.1-mini', input: 'Say hello', stream: true });
        for await (const _ of stream);
        await done();
      },
      async 'agent-chain'({ fakeUrl }) {
        // OpenInference's own helpers for application spans: AGENT > CHAIN, TOOL, and the LLM span under them.
        const openai = client(fakeUrl);
        const getWeather = traceTool(async (args: { location: string }) => ({ location: args.location, temperature: 18 }), { name: 'get_weather' });
        const cleanQuestion = traceChain((question: string) => question.trim(), { name: 'clean_question' });
        const agent = traceAgent(
          async (question: string) => {
            const cleaned = cleanQuestion(question);
            const weather = await getWeather({ location: 'Paris' });
            const reply = await openai.chat.completions.create({
              model: 'gpt-4o-mini',
              messages: [
                { role: 'user', content: cleaned },
                { role: 'user', content: JSON.stringify(weather) },
              ],
            });
            return reply.choices[0].message.content;
          },
          { name: 'weather_agent' },
        );
        await agent("  What's the weather in Paris?  ");
        await done();
      },
      async embeddings({ fakeUrl }) {
        await client(fakeUrl).embeddings.create({ model: 'text-embedding-3-small', input: ['The food was delicious', 'The waiter was friendly'] });
        await done();
      },
    },
    async shutdown() {
      instrumentation.disable();
      await provider.shutdown();
    },
  };
};
