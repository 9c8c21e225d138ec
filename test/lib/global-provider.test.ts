// Without init, tracedFetch and the entity helpers report to an OTel provider the app registered itself (e.g. its
// own NodeSDK); a later init leaves that global provider in place and exports Tracelight's spans on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, trace, type Context } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { tracedFetch, withWorkflow, init, shutdown, flush } from '../../lib/node.js';
import { createVariableContextManager } from '../../lib/context/variable-context-manager.js';
import { createOtlpSink } from '../helpers/otlp-sink.js';
import { createLlmTestServer } from '../helpers/llm-test-server.js';

test('no init: spans go to the app-registered provider and nest through await; init later keeps it global', async () => {
  const exporter = new InMemorySpanExporter();
  const appProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  assert.ok(trace.setGlobalTracerProvider(appProvider));
  const als = new AsyncLocalStorage<Context>();
  context.setGlobalContextManager(createVariableContextManager({ get: () => als.getStore(), run: (v, fn) => als.run(v, fn) }).enable());
  const server = await createLlmTestServer();
  const sink = await createOtlpSink();
  try {
    // An OpenAI-shaped path on a local host: the built-in adapter recognises the wire on any host.
    const body = JSON.stringify({ model: 'global-model', messages: [{ role: 'user', content: 'hi' }] });
    await withWorkflow('app-flow', async () => {
      await new Promise((r) => setTimeout(r, 1));
      await (await tracedFetch(`${server.url}/v1/chat/completions`, { method: 'POST', body })).text();
    });
    const spans = exporter.getFinishedSpans();
    const workflow = spans.find((s) => s.name === 'app-flow.workflow')!;
    const llm = spans.find((s) => s.name === 'chat global-model')!;
    assert.ok(workflow && llm, spans.map((s) => s.name).join());
    assert.equal(llm.parentSpanContext?.spanId, workflow.spanContext().spanId);
    assert.equal(llm.attributes['gen_ai.provider.name'], 'openai');

    init({ endpoint: sink.url, exportMode: 'immediate', patchFetch: false });
    trace.getTracer('app').startSpan('app-span').end();
    assert.ok(exporter.getFinishedSpans().some((s) => s.name === 'app-span'), 'the app provider stays global');
    await (await tracedFetch(`${server.url}/v1/chat/completions`, { method: 'POST', body })).text();
    await flush();
    const [ours] = await sink.waitForSpans(1);
    assert.equal(ours!.name, 'chat global-model');
  } finally {
    await shutdown();
    await server.close();
    await sink.close();
    trace.disable();
    context.disable();
  }
});
