// The real OpenTelemetry gRPC exporters (traces and logs) against the viewer's OTLP/gRPC receiver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { trace, context } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { startGrpcReceiver } from '../../../viewer/server/grpc-receiver.js';
import { handleOtlp } from '../../../viewer/server/otlp-receiver.js';
import { OtlpOverloadedError } from '../../../lib/receive/otlp-accept.js';
import { decodeTraceRequestProtobuf } from '../../../lib/forward/decode-otlp-protobuf.js';
import { httpRequest } from '../../helpers/http-request.js';
import { grpcExport } from '../../helpers/grpc-export.js';
import { createServer as createHttpServer } from 'node:http';

async function withViewer(fn: (viewer: ViewerServer) => Promise<void>, options = {}): Promise<void> {
  const viewer = await createViewerServer({ port: 0, forward: null, ...options });
  try {
    await fn(viewer);
  } finally {
    await viewer.close();
  }
}

function llmSpans(url: string, service: string, compression: 'gzip' | 'none') {
  const exporter = new GrpcTraceExporter({ url, compression: compression as never });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('grpc-test', '1.2.3');
  const parent = tracer.startSpan('workflow');
  const child = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: 2,
      attributes: {
        'gen_ai.provider.name': 'openai',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 3,
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello over gRPC' }] }]),
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hi!' }], finish_reason: 'stop' }]),
        big: 2 ** 40,
      },
    },
    trace.setSpan(context.active(), parent),
  );
  child.end();
  parent.end();
  return { provider, parent, child };
}

test('the real OTel gRPC trace exporter (gzip on and off) delivers spans with the right genAi view', async () => {
  await withViewer(async (viewer) => {
    assert.match(viewer.grpcUrl!, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(viewer.grpcUrl, `http://127.0.0.1:${viewer.port}`);
    for (const compression of ['none', 'gzip'] as const) {
      const service = `grpc-${compression}`;
      const { provider, parent } = llmSpans(viewer.grpcUrl!, service, compression);
      await provider.shutdown();
      const list = (await httpRequest(`${viewer.url}api/traces?service=${service}`)).json();
      assert.equal(list.traces.length, 1, compression);
      const detail = (await httpRequest(`${viewer.url}api/traces/${list.traces[0].traceId}`)).json();
      assert.equal(detail.spans.length, 2);
      const llm = detail.spans.find((s: { name: string }) => s.name === 'chat gpt-4o-mini');
      assert.equal(llm.parentSpanId, parent.spanContext().spanId);
      assert.equal(llm.kind, 3);
      assert.equal(llm.attributes.big, 2 ** 40);
      assert.deepEqual(llm.scope, { name: 'grpc-test', version: '1.2.3' });
      assert.deepEqual(llm.genAi.inputMessages, [{ role: 'user', parts: [{ type: 'text', content: 'Hello over gRPC' }] }]);
      assert.deepEqual(llm.genAi.outputMessages, [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi!' }], finish_reason: 'stop' }]);
      assert.equal(llm.genAi.inputTokens, 12);
    }
  });
});

test('the real OTel gRPC logs exporter: GenAI events are kept with their span, the rest counted', async () => {
  await withViewer(async (viewer) => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'grpc-logs' }),
      processors: [new BatchLogRecordProcessor({ exporter: new GrpcLogExporter({ url: viewer.grpcUrl!, compression: 'gzip' as never }) })],
    });
    const logger = provider.getLogger('gen-ai-events');
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new GrpcTraceExporter({ url: viewer.grpcUrl! }))] });
    const span = tracerProvider.getTracer('t').startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' } });
    const ctx = trace.setSpan(context.active(), span);
    logger.emit({ eventName: 'gen_ai.user.message', body: { content: 'Hi' }, context: ctx });
    logger.emit({ attributes: { 'event.name': 'gen_ai.choice' }, body: { index: 0, finish_reason: 'stop', message: { content: 'Hello' } }, context: ctx });
    logger.emit({ eventName: 'gen_ai.user.message', body: { content: 'no span' } });
    logger.emit({ body: 'an ordinary log line', context: ctx });
    await provider.shutdown();
    span.end();
    await tracerProvider.shutdown();
    const health = (await httpRequest(`${viewer.url}api/health`)).json();
    assert.deepEqual(health.logs, { stored: 2, droppedNotGenAi: 1, droppedNoTraceContext: 1 });
    const detail = (await httpRequest(`${viewer.url}api/traces/${span.spanContext().traceId}`)).json();
    assert.deepEqual(detail.spans[0].genAi.inputMessages, [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }]);
    assert.deepEqual(detail.spans[0].genAi.outputMessages, [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' }]);
  });
});

async function exportOnce(exporter: { export(spans: ReadableSpan[], done: (r: ExportResult) => void): void }, spans: ReadableSpan[]) {
  return new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
}

function finishedSpans(attributes: Record<string, string> = {}): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
  provider.getTracer('t').startSpan('one', { attributes }).end();
  return memory.getFinishedSpans();
}

test('over the cap: the real exporter gets RESOURCE_EXHAUSTED (gzip too: the cap applies after decompression)', async () => {
  await withViewer(
    async (viewer) => {
      for (const compression of ['none', 'gzip'] as const) {
        const exporter = new GrpcTraceExporter({ url: viewer.grpcUrl!, compression: compression as never });
        const result = await exportOnce(exporter, finishedSpans({ blob: 'x'.repeat(200 * 1024) }));
        assert.equal(result.code, ExportResultCode.FAILED, compression);
        assert.equal((result.error as { code?: number }).code, 8, `${compression}: ${result.error?.message}`);
        const ok = await exportOnce(exporter, finishedSpans());
        assert.equal(ok.code, ExportResultCode.SUCCESS, 'the next export goes through');
        await exporter.shutdown();
      }
      assert.equal((await httpRequest(`${viewer.url}api/health`)).json().spans, 2);
    },
    { maxBodyBytes: 64 * 1024 },
  );
});

test('malformed protobuf gets INVALID_ARGUMENT; a foreign :authority PERMISSION_DENIED; close() stops gRPC', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  const address = viewer.grpcUrl!.replace('http://', '');
  const malformed = await grpcExport(address, 'traces', new Uint8Array([10, 200, 1, 3]));
  assert.equal(malformed.code, 3);
  assert.match(malformed.details, /invalid protobuf/);
  const foreign = await grpcExport(address, 'traces', new Uint8Array(0), { authority: 'attacker.example:4317' });
  assert.equal(foreign.code, 7);
  const local = await grpcExport(address, 'traces', new Uint8Array(0), { authority: 'localhost:4317' });
  assert.equal(local.code, 0);
  await viewer.close();
  const after = await grpcExport(address, 'traces', new Uint8Array(0));
  assert.equal(after.code, 14, 'nothing listens any more');
});

test('an overloaded receiver: the gRPC exporter gets UNAVAILABLE; the HTTP exporter retries after Retry-After', async () => {
  let refusals = 1;
  const kept: string[] = [];
  const accept = (_signal: string, request: Uint8Array) => {
    if (refusals > 0) {
      refusals--;
      throw new OtlpOverloadedError('busy', 1);
    }
    for (const rs of decodeTraceRequestProtobuf(request).resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) kept.push(s.name);
    return { rejected: 0 };
  };
  const grpcReceiver = await startGrpcReceiver({ host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, allowedHosts: [], accept });
  const http = createHttpServer((req, res) => void handleOtlp(req, res, 'traces', { maxBodyBytes: 1 << 20, accept }));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  try {
    // @opentelemetry/exporter-trace-otlp-grpc does not retry (its transport reports every gRPC error as a failure);
    // it must see UNAVAILABLE, the code Collector and Go/Java exporters retry on.
    const grpcExporter = new GrpcTraceExporter({ url: grpcReceiver.url });
    const refused = await exportOnce(grpcExporter, finishedSpans());
    assert.equal(refused.code, ExportResultCode.FAILED);
    assert.equal((refused.error as { code?: number }).code, 14);
    assert.deepEqual(kept, []);
    await grpcExporter.shutdown();

    refusals = 1;
    const port = (http.address() as { port: number }).port;
    const httpExporter = new HttpTraceExporter({ url: `http://127.0.0.1:${port}/v1/traces` });
    const retried = await exportOnce(httpExporter, finishedSpans());
    assert.equal(retried.code, ExportResultCode.SUCCESS, retried.error?.message);
    assert.deepEqual(kept, ['one']);
    await httpExporter.shutdown();
  } finally {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    await grpcReceiver.close();
  }
});

test('grpcPort: null turns gRPC off; a taken port fails the start unless grpcOptional, which warns', async () => {
  await withViewer(async (viewer) => assert.equal(viewer.grpcUrl, null), { grpcPort: null });
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const taken = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(createViewerServer({ port: 0, forward: null, grpcPort: taken }), (error: NodeJS.ErrnoException & { protocol?: string }) => {
      assert.equal(error.code, 'EADDRINUSE');
      assert.equal(error.protocol, 'grpc');
      return true;
    });
    const warnings: string[] = [];
    const logger = { info() {}, error() {}, warn: (m: string) => warnings.push(m) };
    await withViewer(
      async (viewer) => {
        assert.equal(viewer.grpcUrl, null);
        assert.equal((await httpRequest(`${viewer.url}api/health`)).status, 200, 'HTTP serves');
        assert.match(warnings.join('\n'), new RegExp(`OTLP/gRPC is off: port ${taken} on 127\\.0\\.0\\.1 is in use`));
      },
      { grpcPort: taken, grpcOptional: true, logger },
    );
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});
