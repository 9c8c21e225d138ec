// The legacy OpenLLMetry dialect: @traceloop/instrumentation-openai 0.20 (installed as `openllmetry-openai-0-20`),
// which writes indexed `gen_ai.prompt.N.*` / `gen_ai.completion.N.*` attributes and `llm.usage.*` counts, and
// JSON-stringifies a message's null content into the text "null". Test helper, not a test file.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import OpenAI from 'openai';
import { OpenAIInstrumentation } from 'openllmetry-openai-0-20';
import { packageVersion, type CreateSender } from './sender.js';

const weatherTool = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
};

/**
 * OpenLLMetry 0.20's OpenAI instrumentation: a tool-call round trip (the assistant turn has null content).
 *
 * @example
 * const sender = await createLegacyOpenLlmetrySender(viewer.url + '/v1/traces');
 */
export const createLegacyOpenLlmetrySender: CreateSender = async (otlpUrl) => {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'openllmetry-legacy-sender' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: otlpUrl }))],
  });
  provider.register();
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(OpenAI as never);
  const client = (fakeUrl: string) => new OpenAI({ apiKey: 'sk-fake', baseURL: `${fakeUrl}/v1`, maxRetries: 0 });
  return {
    packageName: `@traceloop/instrumentation-openai@${await packageVersion('openllmetry-openai-0-20')}`,
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
        await provider.forceFlush();
      },
    },
    async shutdown() {
      instrumentation.disable();
      await provider.shutdown();
    },
  };
};
