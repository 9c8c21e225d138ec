// The query layer on a real viewer holding traces too big for a context window (a 2,000-span agent run, a 1 MB
// completion): every result stays within its budget, says what it left out, and following what it says gets all of
// it back; search finds exactly what a plain scan of every span finds; the usage figures are the store's.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { byteLength } from '../../../viewer/server/query/fit-budget.js';
import { listTraces } from '../../../viewer/server/query/list-traces.js';
import { search } from '../../../viewer/server/query/search-spans.js';
import { getSpan } from '../../../viewer/server/query/span-detail.js';
import { contentFields } from '../../../viewer/server/query/span-fields.js';
import { getTrace } from '../../../viewer/server/query/trace-outline.js';
import { usageSummary } from '../../../viewer/server/query/usage-summary.js';
import { postJson } from '../../helpers/http-request.js';
import { hexId, kv } from '../../helpers/otlp-fixtures.js';
import { BIG_COMPLETION_END, BIG_PROMPT, megabyteCompletionTrace, twoThousandSpanTrace } from '../../helpers/big-traces.js';

let viewer: ViewerServer;
const big = twoThousandSpanTrace();
const mb = megabyteCompletionTrace();

before(async () => {
  viewer = await createViewerServer({ port: 0, forward: null });
  for (const body of [big.body, mb.body]) assert.equal((await postJson(viewer.otlpUrl, body)).status, 200);
});
after(() => viewer.close());

test('get_trace pages through a 2,000-span trace: each page within the budget, every span exactly once, in tree order', () => {
  // Every page at two budgets; the first pages at the smallest budget allowed.
  for (const [maxBytes, pageLimit] of [[20_000, Infinity], [4_000, Infinity], [1_000, 3]]) {
    const seen: string[] = [];
    let offset: number | null = 0;
    let pages = 0;
    while (offset !== null && pages < pageLimit) {
      const { text, data } = getTrace(viewer.store, { trace_id: big.traceId, offset }, { maxBytes });
      assert.ok(byteLength(text) <= maxBytes, `page at ${offset}: ${byteLength(text)} bytes > ${maxBytes}`);
      assert.equal(data.offset, offset);
      seen.push(...data.spans.map((s) => s.spanId));
      if (data.next !== null) assert.match(text, new RegExp(`Spans ${(offset + 1).toLocaleString('en-US')}-${data.next.toLocaleString('en-US')} of 2,000 shown; the next ones: get_trace\\(trace_id: "${big.traceId}", offset: ${data.next}\\)`));
      else assert.match(text, offset ? /\(the last ones\)/ : /All 2,000 spans shown/);
      if (offset === 0) {
        // The first page of a trace this big starts with what an agent needs first: the shape and the errors.
        assert.ok(data.overview, 'an overview on the first page');
        assert.match(text, /999× chat gpt-4o-mini \(9 errors\)/);
        if (maxBytes >= 5_000) for (const e of big.errorSpans) assert.ok(text.includes(e.spanId) && text.includes(e.message), `error span ${e.spanId} listed`);
      }
      offset = data.next;
      pages++;
    }
    if (pageLimit === Infinity) {
      assert.equal(seen.length, 2000, `budget ${maxBytes}: ${pages} pages`);
      assert.equal(new Set(seen).size, 2000);
    } else assert.equal(new Set(seen).size, seen.length);
  }
  const last = getTrace(viewer.store, { trace_id: big.traceId, offset: 1990 });
  assert.ok(last.text.includes(big.lastPrompt) && last.text.includes(big.lastAnswer), 'the last LLM call shows its prompt and answer');
});

test('get_trace of the 1 MB completion: the prompt whole, the answer cut near the budget with a marker that reads on', () => {
  const { text, data } = getTrace(viewer.store, { trace_id: mb.traceId });
  assert.ok(byteLength(text) <= 20_000 && byteLength(text) > 15_000, `${byteLength(text)} bytes`);
  assert.ok(text.includes(BIG_PROMPT));
  const output = data.spans.flatMap((s) => s.items).find((i) => 'path' in i && i.path === 'output.0.0') as { text: string; cut: number };
  assert.ok(mb.completion.startsWith(output.text) && output.text.length > 10_000);
  assert.equal(output.cut, mb.completion.length - output.text.length);
  assert.ok(text.includes(`[+${output.cut.toLocaleString('en-US')} chars: output.0.0@${output.text.length}]`), 'the cut says how much and where to read on');
});

test('get_span reads the 1 MB completion back whole, page by page, each page within the budget', () => {
  const first = getSpan(viewer.store, { trace_id: mb.traceId, span_id: mb.spanId });
  assert.ok(byteLength(first.text) <= 20_000);
  assert.ok(first.text.includes(BIG_PROMPT) && first.text.includes('max_tokens=300000') && first.text.includes('finish length'));
  const output = first.data.fields.find((f) => f.path === 'output.0.0')!;
  assert.ok(output.cut > 0 && output.text.length > 10_000, 'the conversation gets most of the budget');
  // The raw attribute repeats the completion: it is cut first, and says so too.
  assert.match(first.text, /attr\.gen_ai\.output\.messages: «[0-9a-f]+\|.*\|[0-9a-f]+» \[\+[\d,]+ chars: attr\.gen_ai\.output\.messages@\d+\]/);
  for (const maxBytes of [20_000, 1_000_000, 3_000]) {
    let got = '';
    let offset = 0;
    for (let page = 0; ; page++) {
      const { text, data } = getSpan(viewer.store, { trace_id: mb.traceId, span_id: mb.spanId, field: 'output.0.0', offset }, { maxBytes });
      assert.ok(byteLength(text) <= maxBytes);
      const field = data.fields[0];
      assert.equal(field.from, offset);
      got += field.text;
      offset += field.text.length;
      if (!field.cut) {
        assert.match(text, /End of the field\./);
        break;
      }
      assert.ok(text.includes(`get_span(trace_id: "${mb.traceId}", span_id: "${mb.spanId}", field: "output.0.0", offset: ${offset})`));
      assert.ok(page < 2000);
    }
    assert.equal(got, mb.completion, `budget ${maxBytes}: the pages put together are the completion`);
    assert.ok(got.includes(BIG_COMPLETION_END));
  }
});

test('list_traces: a small budget shortens the page, and the cursors still visit every trace once', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) ids.push(hexId(16));
  const now = Date.now();
  await postJson(viewer.otlpUrl, {
    resourceSpans: [{
      resource: { attributes: kv({ 'service.name': 'list-test' }) },
      scopeSpans: [{ scope: { name: 't' }, spans: ids.map((traceId, i) => ({ traceId, spanId: hexId(8), name: `job-${i}-${'x'.repeat(100)}`, kind: 1, startTimeUnixNano: String(BigInt(now + i) * 1_000_000n), endTimeUnixNano: String(BigInt(now + i + 5) * 1_000_000n), attributes: [], status: { code: 0 } })) }],
    }],
  });
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const { text, data } = listTraces(viewer.store, { service: 'list-test', limit: 15, cursor }, { maxBytes: 1_500 });
    assert.ok(byteLength(text) <= 1_500);
    assert.equal(data.total, 40);
    seen.push(...data.traces.map((t) => t.traceId));
    if (data.cutByBudget) assert.match(text, /this page holds \d+ of the 15 asked for, to fit the 1500-byte budget/);
    if (!data.next) break;
    assert.ok(text.includes(`cursor: "${data.next}"`));
    cursor = data.next;
  }
  assert.deepEqual(seen.sort(), [...ids].sort());
});

/** A small seeded PRNG (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Lisbon', 'rate limit', 'ÉCOLE', 'naïve', '東京', 'quote"d', 'back\\slash', 'a/b', '<tag>', 'R&D', 'true', '42', '1.50', 'tab\there', 'line\nbreak', 'Zürich'];
/** JSON as Python's json.dumps writes it (non-ASCII escaped): the prefilter must not miss what it escapes. */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

for (const seed of [11, 12]) {
  test(`search finds exactly the spans a plain scan of every span's content finds (seed ${seed})`, async () => {
    const rnd = random(seed);
    const pick = () => WORDS[Math.floor(rnd() * WORDS.length)];
    const phrase = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, pick).join(rnd() < 0.5 ? ' ' : '');
    const service = `search-model-${seed}`;
    const spans = [];
    for (let t = 0; t < 30; t++) {
      const traceId = hexId(16);
      for (let s = 0; s < 1 + Math.floor(rnd() * 4); s++) {
        const kind = Math.floor(rnd() * 4);
        const attributes: Record<string, string | number | boolean> = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' };
        const message = { role: 'user', content: phrase() };
        if (kind === 0) attributes['gen_ai.input.messages'] = JSON.stringify([message]);
        if (kind === 1) attributes['gen_ai.input.messages'] = asciiJson([message]);
        if (kind === 2) Object.assign(attributes, { 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': phrase(), 'gen_ai.completion.0.role': 'assistant', 'gen_ai.completion.0.content': phrase() });
        if (kind === 3) Object.assign(attributes, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup', 'gen_ai.tool.call.arguments': asciiJson({ q: phrase() }), 'gen_ai.tool.call.result': rnd() < 0.5 ? phrase() : JSON.stringify({ r: phrase(), n: 42, ok: true }) });
        spans.push({
          traceId,
          spanId: hexId(8),
          name: 'call',
          kind: 3,
          startTimeUnixNano: String(BigInt(Date.now() + t * 10 + s) * 1_000_000n),
          endTimeUnixNano: String(BigInt(Date.now() + t * 10 + s + 3) * 1_000_000n),
          attributes: kv(attributes),
          status: rnd() < 0.2 ? { code: 2, message: phrase() } : { code: 0 },
        });
      }
    }
    assert.equal((await postJson(viewer.otlpUrl, { resourceSpans: [{ resource: { attributes: kv({ 'service.name': service }) }, scopeSpans: [{ scope: { name: 't' }, spans }] }] })).status, 200);
    const all = viewer.store.queryTraces({ service, limit: 1000 }).traces.flatMap((t) => viewer.store.getTrace(t.traceId)!);
    const needles = [...Array.from({ length: 25 }, () => {
      const source = phrase();
      const from = Math.floor(rnd() * source.length);
      const piece = source.slice(from, from + 2 + Math.floor(rnd() * 10));
      return rnd() < 0.5 ? piece.toUpperCase() : piece;
    }), 'no such text anywhere', 'TRUE', '42', 'limit', 'ZÜRICH'];
    for (const needle of needles) {
      if (!needle.trim()) continue;
      const expected = new Set(all.filter((span) => contentFields(span).some((f) => f.text.toLowerCase().includes(needle.toLowerCase()))).map((s) => s.spanId));
      const { data } = search(viewer.store, { text: needle, service, limit: 500 }, { maxBytes: 1_000_000 });
      assert.equal(data.next, null);
      for (const hit of data.hits) assert.ok(expected.has(hit.spanId), `${JSON.stringify(needle)}: ${hit.spanId} does not match`);
      assert.equal(data.hits.length + data.repeatedSpans, expected.size, `${JSON.stringify(needle)}: ${data.hits.length} hits + ${data.repeatedSpans} repeats, expected ${expected.size}`);
    }
  });
}

test('search: a match deep in the 1 MB completion, with its offset; the limit and the budget stop a result and say so', () => {
  const deep = search(viewer.store, { text: BIG_COMPLETION_END });
  assert.equal(deep.data.hits.length, 1);
  const match = deep.data.hits[0].matches[0];
  assert.equal(match.path, 'output.0.0');
  assert.equal(match.offset, mb.completion.indexOf(BIG_COMPLETION_END));
  assert.ok(match.snippet.includes(BIG_COMPLETION_END) && match.cutBefore);

  const limited = search(viewer.store, { text: 'rate limit reached', limit: 4 });
  assert.equal(limited.data.hits.length, 4);
  assert.equal(limited.data.stoppedBy, 'limit');
  assert.match(limited.text, /Not finished \(the limit of 4 matching spans was reached\).*cursor: "/);
  const rest = search(viewer.store, { text: 'rate limit reached', limit: 100, cursor: limited.data.next! });
  assert.deepEqual(
    [...limited.data.hits, ...rest.data.hits].map((h) => h.spanId).sort(),
    big.errorSpans.map((e) => e.spanId).sort(),
    'the cursor continues where the limit stopped: every error span once',
  );
  const small = search(viewer.store, { text: 'rate limit reached' }, { maxBytes: 1_000 });
  assert.ok(byteLength(small.text) <= 1_000);
  assert.equal(small.data.stoppedBy, 'budget');
  assert.match(small.text, /the 1000-byte budget is full/);
});

test('usage_summary: the store\'s tokens and cost per model, call latencies from the spans, within the budget', () => {
  const { text, data } = usageSummary(viewer.store, {});
  assert.ok(byteLength(text) <= 20_000);
  const breakdown = viewer.store.breakdown('model', {});
  for (const row of breakdown.rows) {
    const mine = data.byModel.find((r) => r.key === row.key)!;
    assert.equal(mine.inputTokens, row.inputTokens);
    assert.equal(mine.costUsd, row.costUsd);
    assert.equal(mine.llmCalls, row.llmCalls);
  }
  const mini = data.byModel.find((r) => r.key === 'gpt-4o-mini')!;
  assert.equal(mini.callLatencyMs?.count, 999);
  assert.equal(mini.callLatencyMs?.p50, 25);
  assert.equal(mini.failedCalls, 9);
  assert.equal(data.byModel.find((r) => r.key === 'gpt-4.1')?.callLatencyMs?.p50, 8900);
  assert.equal(data.byService.find((r) => r.key === 'bulk-importer')?.traceLatencyMs?.max, 50_000);
  assert.match(text, /gpt-4o-mini: 1 traces · 999 LLM calls · 119,880→39,960 tokens · \$[\d.]+ · 9 failed calls · call latency 25 ms \/ 25 ms \/ 25 ms/);
  const tiny = usageSummary(viewer.store, {}, { maxBytes: 1_000 });
  assert.ok(byteLength(tiny.text) <= 1_000);
});
