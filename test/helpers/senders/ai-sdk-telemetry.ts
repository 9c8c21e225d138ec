// The Vercel AI SDK (`ai` with @ai-sdk/openai and @ai-sdk/anthropic) with `experimental_telemetry`, exporting through a
// plain OpenTelemetry provider (no Tracelight). Test helper, not a test file.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { embed, embedMany, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { packageVersion, type CreateSender } from './sender.js';

const telemetry = (functionId: string) => ({ isEnabled: true, functionId });

const tools = {
  get_weather: tool({
    description: 'Weather for a city',
    inputSchema: jsonSchema<{ location: string }>({ type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }),
    execute: async ({ location }) => ({ location, temperature: 18 }),
  }),
};

/**
 * The AI SDK's own spans: generateText with tools (two steps), streamText on the Responses API, Anthropic with a
 * prompt-cache hit, embed and embedMany.
 *
 * @example
 * const sender = await createAiSdkSender(viewer.url + '/v1/traces');
 */
export const createAiSdkSender: CreateSender = async (otlpUrl) => {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'ai-sdk-sender' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: otlpUrl }))],
  });
  provider.register();
  const openai = (fakeUrl: string, headers?: Record<string, string>) => createOpenAI({ apiKey: 'sk-fake', baseURL: `${fakeUrl}/v1`, headers });
  const done = () => provider.forceFlush();
  return {
    packageName: `ai@${await packageVersion('ai')}`,
    cases: {
      async 'generate-tools'({ fakeUrl }) {
        await generateText({
          model: openai(fakeUrl, { 'x-fake-scenario': 'tools' }).chat('gpt-4o-mini'),
          system: 'You are terse.',
          prompt: "What's the weather in Paris?",
          tools,
          stopWhen: stepCountIs(3),
          maxRetries: 0,
          experimental_telemetry: telemetry('weather'),
        });
        await done();
      },
      async 'stream-responses'({ fakeUrl }) {
        const result = streamText({ model: openai(fakeUrl)('gpt-4.1-mini'), prompt: 'Say hello', maxRetries: 0, experimental_telemetry: telemetry('hello') });
        await result.consumeStream();
        await done();
      },
      async 'anthropic-cached'({ fakeUrl }) {
        const anthropic = createAnthropic({ apiKey: 'sk-ant-fake', baseURL: `${fakeUrl}/v1`, headers: { 'x-fake-scenario': 'cached' } });
        await generateText({ model: anthropic('claude-haiku-4-5'), system: 'Be brief.', prompt: 'Say hello', maxRetries: 0, experimental_telemetry: telemetry('cached') });
        await done();
      },
      async embed({ fakeUrl }) {
        await embed({ model: openai(fakeUrl).embedding('text-embedding-3-small'), value: 'The food was delicious', maxRetries: 0, experimental_telemetry: telemetry('embed-one') });
        await done();
      },
      async 'embed-many'({ fakeUrl }) {
        await embedMany({
          model: openai(fakeUrl).embedding('text-embedding-3-small'),
          values: ['The food was delicious', 'The waiter was friendly'],
          maxRetries: 0,
          experimental_telemetry: telemetry('embed-many'),
        });
        await done();
      },
    },
    async shutdown() {
      await provider.shutdown();
    },
  };
};
