import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ExportResult } from '@opentelemetry/core';
import { createExportProcessor } from '../../lib/export/create-export-processor.js';

/** An in-memory exporter that answers each export only when told to, to see what flush waits for. */
function slowExporter() {
  const memory = new InMemorySpanExporter();
  const waiting: Array<() => void> = [];
  let shutdowns = 0;
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: (r: ExportResult) => void) {
      waiting.push(() => memory.export(spans, done));
    },
    shutdown: async () => {
      shutdowns++;
    },
  };
  return { exporter, memory, release: () => waiting.splice(0).forEach((f) => f()), shutdowns: () => shutdowns, waiting };
}

test('immediate mode exports each span as it ends; flush waits for exports in flight; shutdown once', async () => {
  const slow = slowExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [createExportProcessor(slow.exporter, 'immediate')] });
  const tracer = provider.getTracer('t');
  tracer.startSpan('a').end();
  tracer.startSpan('b').end();
  assert.equal(slow.waiting.length, 2, 'one export per ended span, at once');
  let flushed = false;
  const flushing = provider.forceFlush().then(() => (flushed = true));
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(flushed, false, 'flush waits for exports in flight');
  slow.release();
  await flushing;
  assert.deepEqual(slow.memory.getFinishedSpans().map((s) => s.name), ['a', 'b']);
  await provider.shutdown();
  await provider.shutdown();
  assert.equal(slow.shutdowns(), 1);
  tracer.startSpan('late').end();
  assert.equal(slow.waiting.length, 0, 'nothing is exported after shutdown');
});

test('batch mode queues spans until flush', async () => {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [createExportProcessor(memory, 'batch')] });
  provider.getTracer('t').startSpan('a').end();
  assert.equal(memory.getFinishedSpans().length, 0);
  await provider.forceFlush();
  assert.equal(memory.getFinishedSpans().length, 1);
  await provider.shutdown();
});
