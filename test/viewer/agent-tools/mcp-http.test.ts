// MCP over Streamable HTTP on the viewer, through the real @modelcontextprotocol/sdk client: the five tools listed
// with their schemas, each run against a viewer holding a round of demo traffic (real SDK clients, fake provider),
// a 2,000-span trace and a 1 MB completion. Results hold the prompts and answers, stay within their budget and say
// what they cut. A foreign Host or Origin is refused; nothing a tool does changes the store.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { DemoTrace } from '../../helpers/demo-expectations.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { BIG_COMPLETION_END, BIG_PROMPT, megabyteCompletionTrace, twoThousandSpanTrace } from '../../helpers/big-traces.js';
import { conversationSpans, conversationTexts, sendDemoRound } from '../../helpers/demo-traffic.js';

let viewer: ViewerServer;
let client: Client;
let demo: DemoTrace[];
const big = twoThousandSpanTrace();
const mb = megabyteCompletionTrace();
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

async function call(name: string, args: Record<string, unknown>): Promise<{ text: string; isError: boolean }> {
  const result = (await client.callTool({ name, arguments: args })) as { content: Array<{ type: string; text: string }>; isError?: boolean };
  assert.equal(result.content.length, 1);
  assert.equal(result.content[0].type, 'text');
  return { text: result.content[0].text, isError: result.isError === true };
}

before(async () => {
  viewer = await createViewerServer({ port: 0, forward: null });
  demo = await sendDemoRound(viewer.url);
  for (const body of [big.body, mb.body]) assert.equal((await postJson(viewer.otlpUrl, body)).status, 200);
  client = new Client({ name: 'tracelight-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', viewer.url)));
});
after(async () => {
  await client?.close();
  await viewer?.close();
});

test('tools/list: the five tools, read-only, each argument described, the server explains itself', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((t) => t.name), ['list_traces', 'get_trace', 'get_span', 'search', 'usage_summary']);
  for (const tool of tools) {
    assert.ok((tool.description ?? '').length > 150, `${tool.name} says what it returns and when to use it`);
    assert.equal(tool.annotations?.readOnlyHint, true);
    assert.equal(tool.annotations?.destructiveHint, false);
    const properties = tool.inputSchema.properties as Record<string, { description?: string; type?: string }>;
    assert.ok(properties.max_bytes, `${tool.name} takes a byte budget`);
    for (const [name, schema] of Object.entries(properties)) assert.ok((schema.description ?? '').length > 15, `${tool.name}.${name} is described`);
  }
  const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
  assert.deepEqual(byName.get_trace.inputSchema.required, ['trace_id']);
  assert.deepEqual(byName.get_span.inputSchema.required, ['trace_id', 'span_id']);
  assert.deepEqual(byName.search.inputSchema.required, ['text']);
  assert.deepEqual(Object.keys(byName.list_traces.inputSchema.properties!).sort(), ['cursor', 'errors_only', 'limit', 'max_bytes', 'model', 'query', 'service', 'session', 'since', 'until', 'user'].sort());
  assert.match(client.getInstructions() ?? '', /never instructions/);
  assert.equal(client.getServerVersion()?.name, 'tracelight');
});

test('list_traces: every trace on one line with its totals; filters narrow it', async () => {
  const all = await call('list_traces', { limit: 50 });
  assert.ok(!all.isError && bytes(all.text) <= 20_000);
  for (const t of demo) assert.ok(all.text.includes(`${t.summary.traceId}  `) && all.text.includes(t.summary.name), t.summary.name);
  assert.match(all.text, new RegExp(`^11 of 11 traces, newest first\\. All 11: `));
  assert.match(all.text, new RegExp(`${big.traceId} .* bulk-import\\.workflow · bulk-importer · 50 s · 2,000 spans · 999 LLM calls \\(gpt-4o-mini\\) · 119,880→39,960 tokens · \\$[\\d.]+ · ERROR \\(9 error spans\\)`));
  const errors = await call('list_traces', { errors_only: true, limit: 50 });
  const withErrors = [...demo.map((t) => t.summary), { traceId: big.traceId, errorCount: 9 }].filter((t) => t.errorCount > 0);
  assert.equal(errors.text.split('\n').length - 1, withErrors.length);
  for (const t of withErrors) assert.ok(errors.text.includes(t.traceId));
  const model = await call('list_traces', { model: 'claude-haiku-4-5', since: '1h' });
  assert.match(model.text, /^1 of 1 traces model claude-haiku-4-5, since 1h/);
  const small = await call('list_traces', { limit: 20, max_bytes: 1_000 });
  assert.ok(bytes(small.text) <= 1_000);
  assert.match(small.text, /More traces \(this page holds \d+ of the 20 asked for, to fit the 1000-byte budget\): list_traces with the same filters and cursor: "/);
});

test('get_trace: each demo trace holds its prompts and answers, tool calls and results, quoted as data', async () => {
  for (const trace of demo) {
    const { text, isError } = await call('get_trace', { trace_id: trace.summary.traceId });
    assert.ok(!isError && bytes(text) <= 20_000, trace.summary.name);
    const fence = /between «([0-9a-f]+)\| and \|\1»/.exec(text);
    assert.ok(fence, 'the result names its delimiters');
    for (const span of trace.spans) assert.ok(text.includes(`[${span.spanId}]`), `${trace.summary.name}: span ${span.name} in the tree`);
    for (const span of conversationSpans(trace)) {
      const { prompts, answers } = conversationTexts(span);
      for (const prompt of prompts) assert.ok(text.includes(`«${fence[1]}|${prompt}|${fence[1]}»`), `${trace.summary.name}: prompt ${JSON.stringify(prompt)}`);
      for (const answer of answers) assert.ok(text.includes(`«${fence[1]}|${answer}|${fence[1]}»`), `${trace.summary.name}: answer ${JSON.stringify(answer)}`);
    }
  }
  const trip = demo.find((t) => t.summary.name === 'plan-trip.workflow')!;
  const { text } = await call('get_trace', { trace_id: trip.summary.traceId });
  const tool = trip.spans.find((s) => s.genAi?.entity?.kind === 'tool' && s.genAi.entity.output != null)!;
  assert.ok(text.includes(JSON.stringify(tool.genAi!.entity!.output)), 'a tool result');
  assert.match(text, /tool_call get_weather \(call_\w+\)/);
  assert.match(text, /same as .* of span [0-9a-f]{16} above/, 'the history an agent loop resends is shown once');
  const failed = demo.find((t) => t.summary.name === 'translate-doc.workflow')!;
  const f = await call('get_trace', { trace_id: failed.summary.traceId });
  // The demo's prompt spans several lines (the text to translate follows the instruction).
  assert.match(f.text, /· ERROR\n\s+input\.0\.0 user: «[0-9a-f]+\|Translate[^»]*\|[0-9a-f]+»\n\s+status: «[0-9a-f]+\|This request would exceed the rate limit/);
});

test('get_trace: a 2,000-span trace is paged within the budget, with an overview and the way to the next page', async () => {
  const first = await call('get_trace', { trace_id: big.traceId });
  assert.ok(bytes(first.text) <= 20_000);
  assert.match(first.text, /Overview: 2,000 spans; by name: 999× chat gpt-4o-mini \(9 errors\), 999× execute_tool save_record/);
  for (const e of big.errorSpans) assert.ok(first.text.includes(e.spanId));
  const next = /Spans 1-(\d+) of 2,000 shown; the next ones: get_trace\(trace_id: "([0-9a-f]+)", offset: (\d+)\)/.exec(first.text);
  assert.ok(next && next[2] === big.traceId && next[1] === next[3]);
  const last = await call('get_trace', { trace_id: big.traceId, offset: 1995, max_bytes: 5_000 });
  assert.ok(bytes(last.text) <= 5_000);
  assert.match(last.text, /Spans 1,996-2,000 of 2,000 shown \(the last ones\)\./);
  assert.ok(last.text.includes(big.lastPrompt) && last.text.includes(big.lastAnswer));
});

test('get_span: the whole conversation of a call, and a 1 MB completion paged through the cut markers', async () => {
  const question = demo.find((t) => t.summary.name === 'answer-question.workflow')!;
  const span = conversationSpans(question)[0];
  const one = await call('get_span', { trace_id: question.summary.traceId, span_id: span.spanId });
  assert.ok(!one.isError && bytes(one.text) <= 20_000);
  const { prompts, answers } = conversationTexts(span);
  for (const t of [...prompts, ...answers]) assert.ok(one.text.includes(t));
  assert.match(one.text, new RegExp(`request model ${span.genAi!.requestModel} · input ${span.genAi!.inputTokens} tokens · output ${span.genAi!.outputTokens} tokens · cost \\$`));
  assert.match(one.text, /attr\.http\.response\.status_code: 200/);
  assert.match(one.text, /resource\.service\.name: "tracelight-demo"/);

  const page1 = await call('get_span', { trace_id: mb.traceId, span_id: mb.spanId });
  assert.ok(bytes(page1.text) <= 20_000 && page1.text.includes(BIG_PROMPT));
  const marker = /\[\+([\d,]+) chars: output\.0\.0@(\d+)\]/.exec(page1.text);
  assert.ok(marker, 'the completion is cut with a marker');
  let offset = Number(marker[2]);
  let rest = '';
  for (let page = 0; page < 20; page++) {
    const r = await call('get_span', { trace_id: mb.traceId, span_id: mb.spanId, field: 'output.0.0', offset, max_bytes: 100_000 });
    assert.ok(bytes(r.text) <= 100_000);
    const body = /\n«([0-9a-f]+)\|([\s\S]*)\|\1»\n/.exec(r.text)!;
    rest += body[2];
    offset += body[2].length;
    if (r.text.endsWith('End of the field.')) break;
    assert.match(r.text, new RegExp(`Next: get_span\\(trace_id: "${mb.traceId}", span_id: "${mb.spanId}", field: "output.0.0", offset: ${offset}\\)\\.$`));
  }
  assert.equal(offset, mb.completion.length);
  assert.ok(rest.endsWith(`${BIG_COMPLETION_END}\n`));
  assert.equal(mb.completion.slice(Number(marker[2])), rest, 'the pages are the rest of the completion, exactly');
});

test('search: finds an answer\'s words, a tool result and an error message, with where to read on', async () => {
  const question = demo.find((t) => t.summary.name === 'answer-question.workflow')!;
  const answer = conversationTexts(conversationSpans(question)[0]).answers[0];
  const words = answer.split(' ').slice(0, 4).join(' ');
  const found = await call('search', { text: words.toUpperCase() });
  assert.ok(!found.isError && bytes(found.text) <= 20_000);
  assert.ok(found.text.includes(question.summary.traceId), `${words} found in its trace`);
  assert.match(found.text, /output\.0\.0 assistant.* @\d+: /);
  const err = await call('search', { text: 'exceed the rate limit' });
  assert.match(err.text, /status @\d+: «[0-9a-f]+\|This request would exceed the rate limit/);
  const deep = await call('search', { text: BIG_COMPLETION_END });
  assert.match(deep.text, new RegExp(`${mb.traceId} write-guide\\.workflow › span ${mb.spanId} chat gpt-4\\.1`));
  assert.match(deep.text, new RegExp(`output\\.0\\.0 assistant \\(finish length\\) @${mb.completion.indexOf(BIG_COMPLETION_END)}: …«`));
  const none = await call('search', { text: 'nothing says this' });
  assert.match(none.text, /Every trace was searched: no matches\./);
});

test('usage_summary: tokens, cost, calls, errors and latency by model, service and session', async () => {
  const { text, isError } = await call('usage_summary', {});
  assert.ok(!isError && bytes(text) <= 20_000);
  for (const model of new Set(demo.flatMap((t) => t.summary.models))) assert.match(text, new RegExp(`\\n  ${model.replace(/\./g, '\\.')}: \\d+ traces · [\\d,]+ LLM calls · [\\d,]+→[\\d,]+ tokens · .* · call latency [\\d.]+ (ms|s) / `));
  assert.match(text, /By service \(of the root span\):\n  bulk-importer: 1 traces/);
  assert.match(text, /By session:\n  demo-session-0: 9 traces · /);
  const recent = await call('usage_summary', { since: '1h', service: 'tracelight-demo', max_bytes: 2_000 });
  assert.ok(bytes(recent.text) <= 2_000);
  assert.match(recent.text, /^Usage of 9 traces service tracelight-demo, since 1h/);
});

test('bad arguments and unknown ids are error results an agent can read', async () => {
  const unknown = await call('get_trace', { trace_id: '0'.repeat(32) });
  assert.ok(unknown.isError);
  assert.match(unknown.text, /no trace 0{32} in the viewer/);
  const badId = await call('get_span', { trace_id: big.traceId, span_id: 'xyz' });
  assert.ok(badId.isError);
  assert.match(badId.text, /span id is 16 hex characters/);
  const badField = await call('get_span', { trace_id: mb.traceId, span_id: mb.spanId, field: 'output.9.9' });
  assert.ok(badField.isError);
  assert.match(badField.text, /has no field "output\.9\.9"; its fields: input\.0\.0, output\.0\.0, /);
  const badSince = await call('list_traces', { since: 'yesterday-ish' });
  assert.ok(badSince.isError);
  assert.match(badSince.text, /since must be a duration/);
  const missing = await call('delete_traces', {});
  assert.ok(missing.isError);
  assert.match(missing.text, /Tool delete_traces not found/);
});

test('read-only: running every tool changes nothing in the store', async () => {
  const before = viewer.store.stats();
  await call('list_traces', {});
  await call('get_trace', { trace_id: big.traceId });
  await call('get_span', { trace_id: mb.traceId, span_id: mb.spanId });
  await call('search', { text: 'weather' });
  await call('usage_summary', {});
  assert.deepEqual(viewer.store.stats(), before);
});

test('/mcp refuses a foreign Host or Origin (DNS rebinding) and answers only POST', async () => {
  const mcp = new URL('/mcp', viewer.url).href;
  const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  const ok = await httpRequest(mcp, { method: 'POST', headers, body: initialize });
  assert.equal(ok.status, 200);
  assert.equal(ok.json().result.serverInfo.name, 'tracelight');
  for (const host of ['evil.example', `evil.example:${viewer.port}`, `127.0.0.1.nip.io:${viewer.port}`]) {
    const refused = await httpRequest(mcp, { method: 'POST', headers: { ...headers, host }, body: initialize });
    assert.equal(refused.status, 403, host);
    assert.match(refused.text(), /^Forbidden: unexpected Host header/);
  }
  const foreign = await httpRequest(mcp, { method: 'POST', headers: { ...headers, origin: 'https://evil.example' }, body: initialize });
  assert.equal(foreign.status, 403);
  const local = await httpRequest(mcp, { method: 'POST', headers: { ...headers, origin: 'http://localhost:5173' }, body: initialize });
  assert.equal(local.status, 200, 'a page on a loopback origin is let in, as for the rest of the API');
  assert.equal((await httpRequest(mcp, { method: 'GET', headers: { accept: 'text/event-stream' } })).status, 405);
  assert.equal((await httpRequest(mcp, { method: 'DELETE' })).status, 405);
  const broken = await httpRequest(mcp, { method: 'POST', headers, body: '{not json' });
  assert.equal(broken.status, 400);
  assert.equal(broken.json().error.code, -32700);
  const huge = await httpRequest(mcp, { method: 'POST', headers, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(2 * 1024 * 1024) } }) });
  assert.equal(huge.status, 413);
});
