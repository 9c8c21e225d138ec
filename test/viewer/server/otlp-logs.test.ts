// OTLP logs from a real sender, end to end: `@opentelemetry/instrumentation-openai` (the official OTel one) puts
// prompts and completions in log records. With the real `openai` client against the fake provider, exporting traces
// and logs over HTTP protobuf, HTTP JSON and gRPC to a running viewer, in both arrival orders (logs before their
// spans, spans before their logs), each chat span's `genAi` view has the messages, tool calls and choices.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { metrics } from '@opentelemetry/api';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { OTLPLogExporter as LogsJson } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as LogsProto } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as LogsGrpc } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPTraceExporter as TracesJson } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as TracesProto } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as TracesGrpc } from '@opentelemetry/exporter-trace-otlp-grpc';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { createFakeProvider } from '../../../viewer/fake-provider/create-fake-provider.js';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { GenAiView, StoredSpan } from '../../../viewer/shared/api-types.js';
import { httpRequest } from '../../helpers/http-request.js';

const require = createRequire(import.meta.url);

// One instrumentation for the file: it patches `openai` when first required; each test gives it its providers.
const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
// Its metric instruments exist only once it has a meter provider (an app's NodeSDK sets one); without them the
// Responses path throws before it emits its output event.
instrumentation.setMeterProvider(metrics.getMeterProvider());
after(() => instrumentation.disable());

/** The chat spans of one service, oldest first, as the viewer's API serves them. */
async function chatSpans(viewer: ViewerServer, service: string): Promise<StoredSpan[]> {
  const list = (await httpRequest(`${viewer.url}api/traces?service=${service}`)).json();
  const spans: StoredSpan[] = [];
  for (const t of list.traces) spans.push(...(await httpRequest(`${viewer.url}api/traces/${t.traceId}`)).json().spans);
  return spans.filter((s) => s.name === 'chat gpt-4o-mini').sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
}

const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

for (const protocol of ['http/protobuf', 'http/json', 'grpc'] as const) {
  test(`instrumentation-openai over ${protocol}, logs before and after their spans: the chat spans show messages, tool calls and choices`, async () => {
    const fake = await createFakeProvider();
    const viewer = await createViewerServer({ port: 0, forward: null });
    try {
      for (const order of ['logs first', 'spans first'] as const) {
        const service = `logs-${protocol.replace('/', '-')}-${order.replace(' ', '-')}`;
        const [traceExporter, logExporter] =
          protocol === 'grpc'
            ? [new TracesGrpc({ url: viewer.grpcUrl! }), new LogsGrpc({ url: viewer.grpcUrl! })]
            : protocol === 'http/json'
              ? [new TracesJson({ url: viewer.otlpUrl }), new LogsJson({ url: `${viewer.url}v1/logs` })]
              : [new TracesProto({ url: viewer.otlpUrl }), new LogsProto({ url: `${viewer.url}v1/logs` })];
        const resource = resourceFromAttributes({ 'service.name': service });
        const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(traceExporter)] });
        const loggerProvider = new LoggerProvider({ resource, processors: [new BatchLogRecordProcessor({ exporter: logExporter })] });
        instrumentation.setTracerProvider(tracerProvider);
        instrumentation.setLoggerProvider(loggerProvider);
        // Required after the instrumentation is enabled, so its require hook patches the client.
        const { default: OpenAI } = require('openai') as typeof import('openai');
        const openai = new OpenAI({ apiKey: 'test', baseURL: `${fake.url}/v1`, maxRetries: 0 });

        const messages = [
          { role: 'system' as const, content: 'You answer weather questions.' },
          { role: 'user' as const, content: 'Weather in Paris?' },
        ];
        const first = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, tools }, { headers: { 'x-fake-scenario': 'tools' } });
        const call = first.choices[0].message.tool_calls![0] as { id: string; function: { name: string; arguments: string } };
        const second = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          tools,
          messages: [...messages, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: '{"temp":21}' }],
        });
        // The Responses API: newer semconv, one gen_ai.client.inference.operation.details event for input and one for output.
        const response = await openai.responses.create({ model: 'gpt-4o-mini', input: 'Say hello' });
        // Batch processors hold everything until flushed: the flush order is the arrival order.
        if (order === 'logs first') {
          await loggerProvider.forceFlush();
          await tracerProvider.forceFlush();
        } else {
          await tracerProvider.forceFlush();
          await loggerProvider.forceFlush();
        }

        const chats = await chatSpans(viewer, service);
        assert.equal(chats.length, 3, `${order}: ${chats.map((s) => s.name).join()}`);
        const [a, b, c] = chats.map((s) => s.genAi as GenAiView);
        const where = `${protocol}, ${order}`;
        assert.deepEqual(a.systemInstructions, [{ type: 'text', content: 'You answer weather questions.' }], where);
        assert.deepEqual(a.inputMessages, [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }], where);
        assert.equal(a.outputMessages?.length, 1, where);
        assert.equal(a.outputMessages![0].role, 'assistant');
        assert.equal(a.outputMessages![0].finish_reason, 'tool_calls');
        const toolCall = a.outputMessages![0].parts.find((p) => p.type === 'tool_call');
        assert.deepEqual(toolCall, { type: 'tool_call', id: call.id, name: 'get_weather', arguments: JSON.parse(call.function.arguments) });

        assert.deepEqual(b.inputMessages?.map((m) => m.role), ['user', 'assistant', 'tool'], where);
        assert.deepEqual(b.inputMessages![1].parts.find((p) => p.type === 'tool_call'), toolCall);
        assert.deepEqual(b.inputMessages![2].parts, [{ type: 'tool_call_response', id: call.id, response: { temp: 21 } }]);
        assert.deepEqual(b.outputMessages, [
          { role: 'assistant', parts: [{ type: 'text', content: second.choices[0].message.content }], finish_reason: 'stop' },
        ]);
        assert.deepEqual(c.inputMessages, [{ role: 'user', parts: [{ type: 'text', content: 'Say hello' }] }], where);
        assert.equal(c.outputMessages?.length, 1, where);
        assert.deepEqual(c.outputMessages![0].parts.filter((p) => p.type === 'text').map((p) => p.content), [response.output_text]);
        await tracerProvider.shutdown();
        await loggerProvider.shutdown();
      }
      // Every record the instrumentation sent was a GenAI event with its span, kept: per round 3 for the first chat
      // (system, user, choice), 5 for the second (system, user, assistant, tool, choice), 2 for Responses.
      const health = (await httpRequest(`${viewer.url}api/health`)).json();
      assert.deepEqual(health.logs, { stored: 2 * (3 + 5 + 2), droppedNotGenAi: 0, droppedNoTraceContext: 0 });
    } finally {
      await viewer.close();
      await fake.close();
    }
  });
}
