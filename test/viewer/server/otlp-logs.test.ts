// OTLP logs from a real sender: `@opentelemetry/instrumentation-openai` (the official OTel one) puts prompts and
// completions in log records. With the real `openai` client against the fake provider, exporting traces and logs over
// HTTP protobuf, HTTP JSON and gRPC to the viewer's front doors, each GenAI log record must become the span event
// `normalizeGenAi` reads: the span's view then has the messages, tool calls and choices.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import { createFakeProvider } from '../../../examples/fake-provider/create-fake-provider.js';
import { decodeLogsRequestProtobuf } from '../../../lib/forward/decode-otlp-logs-protobuf.js';
import { decodeTraceRequestProtobuf } from '../../../lib/forward/decode-otlp-protobuf.js';
import type { AcceptOtlp } from '../../../lib/receive/otlp-accept.js';
import { sortLogRecords, type LogSpanEvent } from '../../../viewer/server/gen-ai-event-of-log-record.js';
import { startGrpcReceiver } from '../../../viewer/server/grpc-receiver.js';
import { handleOtlp } from '../../../viewer/server/otlp-receiver.js';
import { toStoredSpans } from '../../../viewer/server/to-stored-spans.js';
import { normalizeGenAi } from '../../../viewer/shared/normalize-gen-ai.js';
import { DEFAULT_MODEL_PRICES } from '../../../viewer/shared/model-prices.js';
import type { StoredSpan } from '../../../viewer/shared/api-types.js';

const require = createRequire(import.meta.url);

// One instrumentation for the file: it patches `openai` when first required; each test gives it its providers.
const instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
// Its metric instruments exist only once it has a meter provider (an app's NodeSDK sets one); without them the
// Responses path throws before it emits its output event.
instrumentation.setMeterProvider(metrics.getMeterProvider());
after(() => instrumentation.disable());

// The viewer's front doors with an accept that keeps what it is handed, so the test can join log events to spans as
// the store will (by trace and span id).
async function startDoors() {
  const spans: StoredSpan[] = [];
  const events: LogSpanEvent[] = [];
  let notGenAi = 0;
  const accept: AcceptOtlp = (signal, request) => {
    if (signal === 'traces') spans.push(...toStoredSpans(decodeTraceRequestProtobuf(request), DEFAULT_MODEL_PRICES));
    if (signal === 'logs') {
      const sorted = sortLogRecords(decodeLogsRequestProtobuf(request));
      events.push(...sorted.events);
      notGenAi += sorted.notGenAi + sorted.noSpan;
    }
    return { rejected: 0 };
  };
  const http = createServer((req, res) => {
    const signal = req.url === '/v1/logs' ? 'logs' : req.url === '/v1/traces' ? 'traces' : 'metrics';
    void handleOtlp(req, res, signal, { maxBodyBytes: 1 << 22, accept });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const grpcReceiver = await startGrpcReceiver({ host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 22, allowedHosts: [], accept });
  return {
    httpUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    grpcUrl: grpcReceiver.url,
    spans,
    events,
    notGenAi: () => notGenAi,
    joined(span: StoredSpan): StoredSpan {
      const mine = events.filter((e) => e.traceId === span.traceId && e.spanId === span.spanId).map((e) => e.event);
      return { ...span, events: [...span.events, ...mine] };
    },
    async close() {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
      await grpcReceiver.close();
    },
  };
}

const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];

for (const protocol of ['http/protobuf', 'http/json', 'grpc'] as const) {
  test(`instrumentation-openai over ${protocol}: log events give the chat spans their messages, tool calls and choices`, async () => {
    const fake = await createFakeProvider();
    const doors = await startDoors();
    try {
      const [traceExporter, logExporter] =
        protocol === 'grpc'
          ? [new TracesGrpc({ url: doors.grpcUrl }), new LogsGrpc({ url: doors.grpcUrl })]
          : protocol === 'http/json'
            ? [new TracesJson({ url: `${doors.httpUrl}/v1/traces` }), new LogsJson({ url: `${doors.httpUrl}/v1/logs` })]
            : [new TracesProto({ url: `${doors.httpUrl}/v1/traces` }), new LogsProto({ url: `${doors.httpUrl}/v1/logs` })];
      const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(traceExporter)] });
      const loggerProvider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: logExporter })] });
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
      await tracerProvider.forceFlush();
      await loggerProvider.forceFlush();

      const chats = doors.spans.filter((s) => s.name === 'chat gpt-4o-mini');
      assert.equal(chats.length, 3, `spans: ${doors.spans.map((s) => s.name).join()}`);
      assert.ok(doors.events.length >= 7, `events: ${doors.events.map((e) => e.event.name).join()}`);
      for (const e of doors.events) assert.ok(chats.some((s) => s.traceId === e.traceId && s.spanId === e.spanId), 'every event names a chat span');

      const [a, b, c] = chats.map((s) => normalizeGenAi(doors.joined(s), DEFAULT_MODEL_PRICES)!);
      assert.deepEqual(a.systemInstructions, [{ type: 'text', content: 'You answer weather questions.' }]);
      assert.deepEqual(a.inputMessages, [{ role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] }]);
      assert.equal(a.outputMessages?.length, 1);
      assert.equal(a.outputMessages![0].role, 'assistant');
      assert.equal(a.outputMessages![0].finish_reason, 'tool_calls');
      const toolCall = a.outputMessages![0].parts.find((p) => p.type === 'tool_call');
      assert.deepEqual(toolCall, { type: 'tool_call', id: call.id, name: 'get_weather', arguments: JSON.parse(call.function.arguments) });

      assert.deepEqual(b.inputMessages?.map((m) => m.role), ['user', 'assistant', 'tool']);
      assert.deepEqual(b.inputMessages![1].parts.find((p) => p.type === 'tool_call'), toolCall);
      assert.deepEqual(b.inputMessages![2].parts, [{ type: 'tool_call_response', id: call.id, response: { temp: 21 } }]);
      assert.deepEqual(b.outputMessages, [
        { role: 'assistant', parts: [{ type: 'text', content: second.choices[0].message.content }], finish_reason: 'stop' },
      ]);
      assert.deepEqual(c.inputMessages, [{ role: 'user', parts: [{ type: 'text', content: 'Say hello' }] }]);
      assert.equal(c.outputMessages?.length, 1);
      assert.deepEqual(c.outputMessages![0].parts.filter((p) => p.type === 'text').map((p) => p.content), [response.output_text]);
      await tracerProvider.shutdown();
      await loggerProvider.shutdown();
    } finally {
      await doors.close();
      await fake.close();
    }
  });
}
