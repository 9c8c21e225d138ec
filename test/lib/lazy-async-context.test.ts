// Node's context manager keeps AsyncLocalStorage (and with it Node 20's process-wide promise hooks) off until context
// must follow `await`. These tests pin down what must still hold: every helper carries context through `await` even
// when it is the first to switch the storage on, the exporter's own requests run with tracing suppressed (an OTel
// http instrumentation checks exactly that), and the storage goes off again after an export when nothing else needs it.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { syncBuiltinESMExports } from 'node:module';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, trace, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing, ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BatchSpanProcessor, InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { init, shutdown, flush, withWorkflow, withTask, withAgent, withTool, withAssociationProperties, continueTrace } from '../../lib/node.js';
import { createLazyAsyncContextManager, type LazyAsyncContextManager } from '../../lib/context/lazy-async-context-manager.js';
import { createOtlpSink } from '../helpers/otlp-sink.js';

afterEach(() => shutdown());

const manager = () => (context as unknown as { _getContextManager(): LazyAsyncContextManager })._getContextManager();

/** An exporter that answers after a real timer, noting whether tracing was suppressed when it did its work. */
function asyncExporter() {
  const memory = new InMemorySpanExporter();
  const suppressedSeen: boolean[] = [];
  const exporter: SpanExporter = {
    export(spans: ReadableSpan[], done: (r: ExportResult) => void) {
      setTimeout(() => {
        suppressedSeen.push(isTracingSuppressed(context.active()));
        memory.export(spans, done);
      }, 2);
    },
    shutdown: () => memory.shutdown(),
  };
  return { exporter, memory, suppressedSeen };
}

const helpers: Array<[string, (fn: () => Promise<void>) => Promise<void>]> = [
  ['withWorkflow', (fn) => withWorkflow('wf', fn)],
  ['withTask', (fn) => withTask('task', fn)],
  ['withAgent', (fn) => withAgent('agent', fn)],
  ['withTool', (fn) => withTool('tool', fn)],
  ['withAssociationProperties', (fn) => withAssociationProperties({ userId: 'u-7' }, fn)],
  ['continueTrace', (fn) => continueTrace({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' }, fn)],
];

for (const [name, helper] of helpers) {
  test(`${name}, as the first helper to run, carries context through await`, async () => {
    const { exporter, memory } = asyncExporter();
    init({ exporter, exportMode: 'batch', patchFetch: false });
    assert.equal(manager().asyncActive, false, 'the storage starts off');
    let outer: Context | undefined;
    await helper(async () => {
      outer = context.active();
      await sleep(1);
      await Promise.resolve();
      assert.equal(context.active(), outer, 'same context after await');
      trace.getTracer('test').startSpan('inner').end();
    });
    assert.equal(manager().asyncActive, true);
    await flush();
    const inner = memory.getFinishedSpans().find((s) => s.name === 'inner')!;
    const parent = trace.getSpanContext(outer!);
    if (parent) {
      assert.equal(inner.spanContext().traceId, parent.traceId);
      assert.equal(inner.parentSpanContext?.spanId, parent.spanId);
    }
    if (name === 'withAssociationProperties') assert.equal(inner.attributes['user.id'], 'u-7');
  });
}

test("init's exporter runs with tracing suppressed through its awaits; the storage is off again after the export", async () => {
  const { exporter, memory, suppressedSeen } = asyncExporter();
  init({ exporter, exportMode: 'batch', patchFetch: false });
  trace.getTracer('test').startSpan('a').end();
  let userSawSuppressed: boolean | undefined;
  const userTimer = new Promise<void>((resolve) =>
    setTimeout(() => {
      userSawSuppressed = isTracingSuppressed(context.active()); // app code running while the export is in flight
      resolve();
    }, 1),
  );
  await flush();
  await userTimer;
  assert.deepEqual(suppressedSeen, [true]);
  assert.equal(userSawSuppressed, false);
  assert.equal(memory.getFinishedSpans().length, 1);
  assert.equal(manager().asyncActive, false, 'no promise hooks left behind by an export');
});

test("the OTLP exporter's HTTP requests are made with tracing suppressed (what OTel's http instrumentation checks)", async () => {
  const sink = await createOtlpSink();
  const original = http.request;
  const seen: boolean[] = [];
  // Patch the way instrumentations do (the exporter imports `http` as ESM, hence the sync).
  (http as { request: typeof http.request }).request = function (this: unknown, ...args: unknown[]) {
    seen.push(isTracingSuppressed(context.active()));
    return (original as (...a: unknown[]) => http.ClientRequest).apply(this, args);
  } as typeof http.request;
  syncBuiltinESMExports();
  try {
    init({ endpoint: sink.url, exportMode: 'batch', patchFetch: false });
    trace.getTracer('test').startSpan('one').end();
    await flush();
    trace.getTracer('test').startSpan('two').end();
    await flush();
    await sink.waitForSpans(2);
    assert.ok(seen.length >= 2, `export requests seen: ${seen.length}`);
    assert.ok(seen.every(Boolean), 'every export request ran with tracing suppressed');
    assert.equal(manager().asyncActive, false);
  } finally {
    (http as { request: typeof http.request }).request = original;
    syncBuiltinESMExports();
    await shutdown();
    await sink.close();
  }
});

test("a processor of the user's own keeps suppression for its exporter (the storage stays on: its export end is unknown)", async () => {
  const { exporter, suppressedSeen } = asyncExporter();
  init({ spanProcessors: [new BatchSpanProcessor(exporter)], patchFetch: false });
  trace.getTracer('test').startSpan('a').end();
  await flush();
  assert.deepEqual(suppressedSeen, [true]);
  assert.equal(manager().asyncActive, true);
});

test('lazy manager: export holds nest and release once; a span context switches the storage on for good', async () => {
  const als = new AsyncLocalStorage<Context>();
  const m = createLazyAsyncContextManager({ get: () => als.getStore(), run: (v, fn) => als.run(v, fn), disable: () => als.disable() }).enable();
  const suppressed = suppressTracing(ROOT_CONTEXT);
  let release: (() => void) | undefined;
  let releaseOther: (() => void) | undefined;
  const inExport = m.with(suppressed, () => {
    release = m.holdForExport();
    releaseOther = m.holdForExport();
    return sleep(1).then(() => m.active());
  });
  assert.equal(m.asyncActive, true, 'on while exports are in flight');
  assert.equal(await inExport, suppressed);
  release!();
  release!(); // twice is harmless
  assert.equal(m.asyncActive, true, 'one export still in flight');
  releaseOther!();
  assert.equal(m.asyncActive, false);
  assert.equal(m.active(), ROOT_CONTEXT);
  const withSpan = trace.setSpan(ROOT_CONTEXT, trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }));
  const seen = await m.with(withSpan, async () => {
    await sleep(1);
    return m.active();
  });
  assert.equal(seen, withSpan);
  m.with(suppressed, () => m.holdForExport()());
  assert.equal(m.asyncActive, true, 'stays on once the app needs context across await');
  m.disable();
  assert.equal(m.asyncActive, false);
});
