// LLM spans are made when they end (nothing of them on the caller's path), yet carry the times of the call: start
// when fetch was called, the first-chunk event when the first chunk came, exceptions when they happened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { init, shutdown, wrapFetch } from '../../lib/node.js';
import { deferSpan } from '../../lib/spans/deferred-span.js';
import { createLlmTestServer, type LlmTestServer } from '../helpers/llm-test-server.js';
import { acmeAdapter } from '../helpers/acme-adapter.js';

const exporter = new InMemorySpanExporter();
let server: LlmTestServer;
before(async () => {
  server = await createLlmTestServer();
  init({ spanProcessors: [new SimpleSpanProcessor(exporter)], patchFetch: false, providers: [acmeAdapter] });
});
after(async () => {
  await shutdown();
  await server.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a streamed call: the span starts at the call, its first-chunk event at the first chunk, it ends at the end', async () => {
  const traced = wrapFetch(fetch);
  // A first call loads fetch itself (Node compiles undici on first use); the timed one is the second.
  await (await traced(`${server.url}/acme/stream`, { method: 'POST', body: JSON.stringify({ model: 'acme-large', stream: true }) })).text();
  exporter.reset();
  const before = Date.now();
  const res = await traced(`${server.url}/acme/stream`, { method: 'POST', body: JSON.stringify({ model: 'acme-large', stream: true }) });
  assert.equal(exporter.getFinishedSpans().length, 0);
  await sleep(60);
  const reader = res.body!.getReader();
  await reader.read();
  const firstAt = Date.now();
  await sleep(60);
  while (!(await reader.read()).done);
  const after = Date.now();
  const [span] = exporter.getFinishedSpans();
  assert.ok(span);
  const start = hrTimeToMilliseconds(span.startTime);
  const end = hrTimeToMilliseconds(span.endTime);
  assert.ok(start >= before - 5 && start <= before + 20, `start ${start - before} ms after the call`);
  assert.ok(end >= firstAt + 55 && end <= after + 5, 'ends when the stream ended');
  const first = span.events.find((e) => e.name === 'gen_ai.content.first_chunk');
  assert.ok(first && Math.abs(hrTimeToMilliseconds(first.time) - firstAt) < 20, 'the event keeps its own time');
  assert.equal(span.attributes['gen_ai.usage.output_tokens'], 5);
});

test('the deferred span replays events, exceptions and status onto the real one, and ignores calls after end', () => {
  exporter.reset();
  const calls: string[] = [];
  const real = {
    addEvent: (n: string, _a: unknown, t: unknown) => calls.push(`event ${n} ${typeof t}`),
    recordException: (e: Error, t: unknown) => calls.push(`exception ${e.message} ${typeof t}`),
    setStatus: (s: { code: number }) => calls.push(`status ${s.code}`),
    end: () => calls.push('end'),
  };
  let started: Record<string, unknown> | undefined;
  const span = deferSpan((attributes) => {
    started = { ...attributes };
    return real as never;
  });
  span.setAttribute('a', 1);
  span.setAttributes({ b: 'x' });
  span.addEvent('e1');
  span.recordException(new Error('boom'));
  span.setStatus({ code: 2 });
  assert.equal(started, undefined, 'nothing started before end');
  span.end();
  span.setAttribute('late', true);
  span.end();
  assert.deepEqual(started, { a: 1, b: 'x' });
  assert.deepEqual(calls, ['event e1 number', 'exception boom number', 'status 2', 'end']);
});
