import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSpanStore, type StoreEvent } from '../../../../viewer/server/span-store.js';
import { createViewerServer } from '../../../../viewer/server/create-viewer-server.js';
import type { StoredSpan } from '../../../../viewer/shared/api-types.js';
import { llmCallTotals } from '../../../../viewer/shared/llm-call-totals.js';
import { normalizeGenAi } from '../../../../viewer/shared/normalize-gen-ai.js';
import { httpRequest } from '../../../helpers/http-request.js';
import { hexId, otlpJson } from '../../../helpers/otlp-fixtures.js';

function span(traceId: string, name: string, extra: Partial<StoredSpan> = {}): StoredSpan {
  return {
    traceId,
    spanId: hexId(8),
    parentSpanId: null,
    name,
    kind: 1,
    startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
    endTimeUnixNano: String(BigInt(Date.now() + 5) * 1_000_000n),
    status: { code: 0 },
    attributes: { payload: 'x'.repeat(1000) },
    events: [],
    resource: { attributes: { 'service.name': 'svc' } },
    scope: { name: 'test' },
    genAi: null,
    ...extra,
  };
}

test('evicts whole oldest traces by bytes, counts dropped spans, and notifies subscribers', () => {
  const store = createSpanStore({ maxBytes: 256 * 1024 });
  const events: StoreEvent[] = [];
  const unsubscribe = store.subscribe((e) => events.push(e));
  const traces = Array.from({ length: 400 }, () => hexId(16));
  for (const t of traces) store.add([span(t, 'a'), span(t, 'b')]); // ~2.4 KB per trace, ~1 MB in all
  const stats = store.stats();
  assert.ok(stats.bytes <= stats.maxBytes, `${stats.bytes} <= ${stats.maxBytes}`);
  const evicted = events.flatMap((e) => (e.type === 'evicted' ? e.traceIds : []));
  assert.ok(evicted.length > 200, 'most traces were evicted');
  assert.deepEqual(evicted, traces.slice(0, evicted.length), 'oldest first');
  assert.equal(stats.traces, 400 - evicted.length);
  assert.equal(stats.spans, 2 * stats.traces);
  assert.equal(stats.droppedSpans, 2 * evicted.length);
  for (const t of evicted) assert.equal(store.getTrace(t), null);
  for (const t of traces.slice(evicted.length)) assert.equal(store.getTrace(t)?.length, 2, 'kept traces are whole');
  assert.deepEqual(store.listTraces({ limit: 3 }).map((t) => t.traceId), traces.slice(-3).reverse());
  // spans of a trace whose earlier spans were evicted start a new, partial trace
  const late = traces[0];
  store.add([span(late, 'late')]);
  assert.deepEqual(store.getTrace(late)!.map((s) => s.name), ['late']);

  unsubscribe();
  const before = events.length;
  store.add([span(hexId(16), 'c')]);
  assert.equal(events.length, before, 'no events after unsubscribe');
});

test('a span larger than a buffer is stored whole; a re-sent span reads back once (the first copy)', () => {
  const store = createSpanStore({ maxBytes: 10_000_000 });
  const big = span(hexId(16), 'big', { attributes: { prompt: 'é'.repeat(500_000) } });
  store.add([big]);
  assert.equal((store.getTrace(big.traceId)![0].attributes.prompt as string).length, 500_000);
  const s = span(hexId(16), 'first');
  store.add([s]);
  store.add([{ ...s, name: 'second' }]);
  assert.deepEqual(store.getTrace(s.traceId)!.map((x) => x.name), ['first']);
});

// An LLM call as a sender puts it on a span: the store reads the GenAI view from these attributes.
const chat = (input: number, output: number, operation = 'chat') => ({
  'gen_ai.provider.name': 'openai', 'gen_ai.operation.name': operation, 'gen_ai.request.model': 'gpt-4o',
  'gen_ai.usage.input_tokens': input, 'gen_ai.usage.output_tokens': output,
});
/** The span with the `genAi` view the server computes from its attributes (for the UI's totals). */
const viewed = (s: StoredSpan): StoredSpan => ({ ...s, genAi: normalizeGenAi(s) });

test('a re-sent span (exporter retry) is stored and counted once: spans, tokens, errors, stats, live events', () => {
  const store = createSpanStore({ maxBytes: 50_000_000 });
  const events: StoreEvent[] = [];
  store.subscribe((e) => events.push(e));
  const small = hexId(16);
  const batch = [
    span(small, 'root'),
    span(small, 'llm', { attributes: chat(100, 10), status: { code: 2 } }),
  ];
  batch[1].parentSpanId = batch[0].spanId;
  store.add(batch);
  store.add(batch.map((s) => ({ ...s }))); // the retry
  store.add([batch[1], { ...batch[1] }]); // and twice within one batch
  const summary = store.getSummary(small)!;
  assert.equal(summary.spanCount, 2);
  assert.equal(summary.inputTokens, 100);
  assert.equal(summary.outputTokens, 10);
  assert.equal(summary.errorCount, 1);
  assert.equal(store.getTrace(small)!.length, 2);
  assert.equal(store.stats().spans, 2);
  assert.equal(events.filter((e) => e.type === 'spans').length, 1, 'a batch of duplicates tells nobody');

  // A big trace (past the linear scan, through several table growths), re-sent whole, interleaved with new spans.
  const big = hexId(16);
  const spans = Array.from({ length: 3000 }, (_, i) => span(big, `s${i}`, { attributes: {} }));
  for (let i = 0; i < spans.length; i += 100) store.add(spans.slice(i, i + 100));
  const extra = span(big, 'extra', { attributes: {} });
  store.add([...spans.slice(0, 1500), extra, ...spans.slice(1500)]);
  assert.equal(store.getSummary(big)!.spanCount, 3001);
  assert.equal(new Set(store.getTrace(big)!.map((s) => s.spanId)).size, 3001);
  assert.equal(store.stats().spans, 3003);
});

test('span ids that differ in one byte are never confused; spans with invalid ids are refused and counted', () => {
  const store = createSpanStore({ maxBytes: 10_000_000 });
  const t = hexId(16);
  // OTLP ids are bytes: 66 ids that share all but their last byte, across the linear scan and the id table.
  const ids = Array.from({ length: 66 }, (_, i) => 'ab'.repeat(7) + i.toString(16).padStart(2, '0'));
  const first = ids.map((id) => span(t, `first ${id}`, { spanId: id }));
  store.add(first);
  store.add(ids.map((id) => span(t, `again ${id}`, { spanId: id })));
  const back = store.getTrace(t)!;
  assert.equal(back.length, ids.length);
  assert.ok(back.every((s) => s.name.startsWith('first ')));
  assert.equal(store.getSummary(t)!.spanCount, ids.length);
  assert.equal(store.stats().resentSpans, ids.length);
  store.add([span(t, 'zero id', { spanId: '0'.repeat(16) }), span('0'.repeat(32), 'zero trace')]);
  assert.equal(store.stats().rejectedSpans, 2);
  assert.equal(store.getTrace(t)!.length, ids.length);
});

test('records round-trip exactly: times, ids, status, events, links, every attribute type', () => {
  const store = createSpanStore({ maxBytes: 10_000_000 });
  const t = hexId(16);
  const full = span(t, 'full', {
    parentSpanId: hexId(8),
    kind: 3,
    startTimeUnixNano: '1795321399489000001',
    endTimeUnixNano: '1795321400489500123',
    status: { code: 2, message: 'boom' },
    attributes: { s: 'ünïcödé ✓', i: 42, f: 1.5, b: false, n: null, arr: [1, 'a'], obj: { k: [true] }, raw: { bytes: 'aGk=' } },
    events: [{ name: 'e', timeUnixNano: '1795321399489000002', attributes: { x: 1 } }],
    links: [{ traceId: hexId(16), spanId: hexId(8), attributes: {} }],
  });
  const odd = span(t, 'odd', { startTimeUnixNano: '999', endTimeUnixNano: '1795321400489500123' });
  store.add([full, odd]);
  const [b, a] = store.getTrace(t)!; // by start time: 'odd' starts at 999 ns
  assert.deepEqual(a, full);
  assert.deepEqual(b, odd);
});

test('summaries: root, duration, errors, tokens counted once for nested LLM spans', () => {
  const store = createSpanStore({ maxBytes: 10_000_000 });
  const t = hexId(16);
  const root = span(t, 'ai.generateText', { startTimeUnixNano: '1000000000', endTimeUnixNano: '3000000000' });
  root.attributes = chat(10, 1);
  const inner = span(t, 'chat gpt-4o', {
    parentSpanId: root.spanId, startTimeUnixNano: '1500000000', endTimeUnixNano: '2500000000', status: { code: 2 }, attributes: chat(10, 1),
  });
  store.add([inner, root]);
  const summary = store.getSummary(t)!;
  assert.equal(summary.name, 'ai.generateText');
  assert.equal(summary.durationMs, 2000);
  assert.equal(summary.errorCount, 1);
  assert.equal(summary.inputTokens, 10, 'the AI SDK span and the HTTP span beneath it are one call');
  assert.deepEqual(summary.models, ['gpt-4o']);
});

test('--persist: saves before answering and reloads on start', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-persist-'));
  const file = join(dir, 'sub', 'spans.jsonl');
  const traceId = hexId(16);
  const first = await createViewerServer({ port: 0, forward: null, persistFile: file });
  await httpRequest(first.otlpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(otlpJson([{ traceId, name: 'kept', attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1000000 } }])),
  });
  assert.ok(readFileSync(file).includes('kept'), 'in the file as soon as the POST was answered');
  await first.close();
  assert.ok(existsSync(file));
  assert.ok(!existsSync(file + '.tmp'));

  const second = await createViewerServer({ port: 0, forward: null, persistFile: file });
  try {
    const trace = (await httpRequest(second.url + `api/traces/${traceId}`)).json();
    assert.equal(trace.spans[0].name, 'kept');
    assert.equal(trace.spans[0].genAi.costUsd, 2.5);
    // clearing is persisted too
    await httpRequest(second.url + 'api/traces', { method: 'DELETE' });
  } finally {
    await second.close();
  }
  const third = await createViewerServer({ port: 0, forward: null, persistFile: file });
  try {
    assert.equal((await httpRequest(third.url + 'api/health')).json().spans, 0);
  } finally {
    await third.close();
  }
});

test('a file that is not a tracelight persist file is refused, not overwritten', async () => {
  const { writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join(tmpdir(), 'tl-persist-bad-'));
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'my precious notes\n');
  await assert.rejects(createViewerServer({ port: 0, forward: null, persistFile: file }), /not a tracelight persist file/);
  assert.equal(readFileSync(file, 'utf8'), 'my precious notes\n');
});

test('an exporter retry over HTTP (the same OTLP body posted twice) is counted once', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  try {
    const traceId = hexId(16);
    const body = JSON.stringify(
      otlpJson([
        { traceId, name: 'chat gpt-4o', attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 3 } },
        { traceId, name: 'other' },
      ]),
    );
    for (let i = 0; i < 2; i++) {
      const res = await httpRequest(viewer.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 200);
    }
    const [summary] = (await httpRequest(viewer.url + 'api/traces')).json().traces;
    assert.equal(summary.spanCount, 2);
    assert.equal(summary.inputTokens, 7);
    assert.equal(summary.outputTokens, 3);
    assert.equal((await httpRequest(viewer.url + `api/traces/${traceId}`)).json().spans.length, 2);
    assert.equal((await httpRequest(viewer.url + 'api/health')).json().spans, 2);
  } finally {
    await viewer.close();
  }
});

test('summary tokens: a model call with a model call anywhere below it is the same call; same rule as the UI totals', () => {
  const store = createSpanStore({ maxBytes: 10_000_000 });
  const t = hexId(16);
  const id = () => hexId(8);
  const [gen, step, retry, http, agent, tool, http2, lone] = [id(), id(), id(), id(), id(), id(), id(), id()];
  const at = (p: string | null, name: string, attributes: StoredSpan['attributes'] = {}) => span(t, name, { parentSpanId: p, attributes });
  const spans = [
    Object.assign(at(retry, 'chat gpt-4o', chat(100, 20)), { spanId: http }), // the innermost call arrives first
    Object.assign(at(null, 'ai.generateText', chat(100, 20)), { spanId: gen }),
    Object.assign(at(gen, 'step'), { spanId: step }),
    Object.assign(at(step, 'retry'), { spanId: retry }),
    Object.assign(at(gen, 'agent', chat(999, 999, 'invoke_agent')), { spanId: agent }),
    Object.assign(at(agent, 'tool'), { spanId: tool }),
    Object.assign(at(tool, 'chat gpt-4o', chat(7, 3)), { spanId: http2 }),
    Object.assign(at(null, 'chat gpt-4o', chat(1, 1)), { spanId: lone }),
  ];
  store.add(spans.slice(0, 1));
  store.add(spans.slice(1, 3));
  store.add(spans.slice(3));
  const summary = store.getSummary(t)!;
  assert.equal(summary.inputTokens, 108);
  assert.equal(summary.outputTokens, 24);
  const ui = llmCallTotals(spans.map(viewed)); // what the UI computes from the same spans
  assert.deepEqual([ui.inputTokens, ui.outputTokens], [summary.inputTokens, summary.outputTokens]);

  // The same in a trace past the linear scan (span ids found through the table), with odd ids in the chain.
  const big = hexId(16);
  const filler = Array.from({ length: 200 }, (_, i) => span(big, `f${i}`, { attributes: {} }));
  const outer = hexId(8);
  const chain = [
    span(big, 'outer', { spanId: outer, attributes: chat(50, 5) }),
    span(big, 'middle', { parentSpanId: outer, attributes: {} }),
  ];
  chain.push(span(big, 'inner', { parentSpanId: chain[1].spanId, attributes: chat(50, 5) }));
  store.add([...filler.slice(0, 100), ...chain.reverse(), ...filler.slice(100)]);
  assert.equal(store.getSummary(big)!.inputTokens, 50);
  assert.equal(llmCallTotals([...filler, ...chain].map(viewed)).inputTokens, 50);
  assert.equal(store.getTrace(big)!.length, 203);
});
