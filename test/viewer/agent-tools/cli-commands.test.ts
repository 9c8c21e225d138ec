// The query commands as people and scripts run them: the real `tracelight` CLI in a child process against a real
// viewer process holding a round of demo traffic, a 2,000-span trace and a 1 MB completion. Each command in text
// and --json, paging by what the output says, `tail` until Ctrl+C, and the exit codes (no viewer running: 2 with
// one line).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { TraceSummary } from '../../../viewer/shared/api-types.js';
import type { TraceList } from '../../../viewer/server/query/list-traces.js';
import type { TraceOutline } from '../../../viewer/server/query/trace-outline.js';
import type { SpanDetail } from '../../../viewer/server/query/span-detail.js';
import type { SearchResult } from '../../../viewer/server/query/search-spans.js';
import type { UsageSummary } from '../../../viewer/server/query/usage-summary.js';
import type { DemoTrace } from '../../helpers/demo-expectations.js';
import { waitFor } from '../../helpers/viewer-api.js';
import { CLI_COMMAND, cleanEnv, freePort, runCli, startCli, type ViewerProcess } from '../../helpers/viewer-process.js';
import { postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';
import { BIG_COMPLETION_END, megabyteCompletionTrace, twoThousandSpanTrace } from '../../helpers/big-traces.js';
import { conversationSpans, conversationTexts, sendDemoRound } from '../../helpers/demo-traffic.js';

let viewer: ViewerProcess;
let url: string;
let demo: DemoTrace[];
const big = twoThousandSpanTrace();
const mb = megabyteCompletionTrace();

/** Runs `tracelight <args> --url <viewer>` to completion. */
const tl = (...args: string[]) => runCli([...args, '--url', url]);

before(async () => {
  viewer = startCli(['--port', '0']);
  url = (await viewer.ready).replace(/\/$/, '');
  demo = await sendDemoRound(url);
  for (const body of [big.body, mb.body]) assert.equal((await postJson(`${url}/v1/traces`, body)).status, 200);
});
after(async () => {
  viewer.child.kill('SIGTERM');
  await viewer.exited;
});

test('traces: one readable line per trace, the totals, filters, pages by the printed cursor; --json is the same list', () => {
  const text = tl('traces', '--limit', '50');
  assert.equal(text.status, 0, text.stderr);
  assert.equal(text.stderr, '');
  const lines = text.stdout.trimEnd().split('\n');
  assert.match(lines[0], /^11 of 11 traces, newest first\. All 11: 2,044 spans · /);
  assert.equal(lines.length, 12);
  for (const t of demo) assert.ok(lines.some((l) => l.startsWith(`${t.summary.traceId}  `) && l.includes(` ${t.summary.name} · tracelight-demo · `)), t.summary.name);
  assert.doesNotMatch(text.stdout, /^\s*[{[]/m, 'no raw JSON in the text');

  const json = tl('traces', '--json', '--limit', '50');
  assert.equal(json.status, 0);
  const list = JSON.parse(json.stdout) as TraceList;
  assert.equal(list.total, 11);
  assert.deepEqual(list.traces.map((t) => t.traceId), lines.slice(1).map((l) => l.slice(0, 32)), 'text and JSON list the same traces in the same order');

  const errors = JSON.parse(tl('traces', '--errors', '--since', '10m', '--json').stdout) as TraceList;
  assert.deepEqual(errors.traces.map((t) => t.traceId).sort(), [...demo.filter((t) => t.summary.errorCount).map((t) => t.summary.traceId), big.traceId].sort());
  const haiku = tl('traces', '--model', 'claude-haiku-4-5');
  assert.match(haiku.stdout, /^1 of 1 traces model claude-haiku-4-5, newest first/);

  const seen: string[] = [];
  let args = ['traces', '--limit', '4'];
  for (let page = 0; page < 5; page++) {
    const r = tl(...args);
    assert.equal(r.status, 0);
    seen.push(...r.stdout.split('\n').filter((l) => /^[0-9a-f]{32}  /.test(l)).map((l) => l.slice(0, 32)));
    const more = /More traces: the same command with --cursor (\S+)\.$/m.exec(r.stdout);
    if (!more) break;
    args = ['traces', '--limit', '4', '--cursor', more[1]];
  }
  assert.deepEqual(seen, list.traces.map((t) => t.traceId));
});

test('show: the tree with the prompt and the answer; --span in full; --field/--offset reads a 1 MB completion on', () => {
  const question = demo.find((t) => t.summary.name === 'answer-question.workflow')!;
  const span = conversationSpans(question)[0];
  const { prompts, answers } = conversationTexts(span);
  const tree = tl('show', question.summary.traceId);
  assert.equal(tree.status, 0, tree.stderr);
  assert.match(tree.stdout, new RegExp(`^Trace ${question.summary.traceId}  `));
  for (const t of [...prompts, ...answers]) assert.ok(tree.stdout.includes(t), t);
  assert.match(tree.stdout, /read on with: tracelight show TRACE --span SPAN --field FIELD --offset OFFSET/);
  const outline = JSON.parse(tl('show', question.summary.traceId, '--json').stdout) as TraceOutline;
  assert.equal(outline.trace.traceId, question.summary.traceId);
  assert.deepEqual(outline.spans.map((s) => s.spanId).sort(), question.spans.map((s) => s.spanId).sort());

  const full = tl('show', question.summary.traceId, '--span', span.spanId);
  assert.equal(full.status, 0);
  assert.match(full.stdout, new RegExp(`^Span ${span.spanId} of trace ${question.summary.traceId}: `));
  for (const t of [...prompts, ...answers]) assert.ok(full.stdout.includes(t));
  const detail = JSON.parse(tl('show', question.summary.traceId, '--span', span.spanId, '--json').stdout) as SpanDetail;
  assert.equal(detail.span.spanId, span.spanId);
  assert.ok(detail.fields.some((f) => f.path === 'input.0.0' && prompts.includes(f.text)));

  const big1 = tl('show', big.traceId, '--max-bytes', '6000');
  assert.ok(Buffer.byteLength(big1.stdout) <= 6001);
  const next = /the next ones: tracelight show ([0-9a-f]{32}) --offset (\d+)\./.exec(big1.stdout);
  assert.ok(next && next[1] === big.traceId, 'a big trace says how to get its next spans');
  const page2 = tl('show', big.traceId, '--offset', next[2], '--max-bytes', '6000');
  assert.match(page2.stdout, new RegExp(`Spans ${Number(next[2]) + 1}-`));

  const first = tl('show', mb.traceId, '--span', mb.spanId);
  const marker = /\[\+[\d,]+ chars: output\.0\.0@(\d+)\]/.exec(first.stdout)!;
  let offset = Number(marker[1]);
  let got = '';
  for (let page = 0; page < 10; page++) {
    const r = tl('show', mb.traceId, '--span', mb.spanId, '--field', 'output.0.0', '--offset', String(offset), '--max-bytes', '1000000', '--json');
    const field = (JSON.parse(r.stdout) as SpanDetail).fields[0];
    got += field.text;
    offset += field.text.length;
    if (!field.cut) break;
  }
  assert.equal(got, mb.completion.slice(Number(marker[1])));
  assert.ok(got.includes(BIG_COMPLETION_END));
});

test('search: matches with snippets (exit 0), nothing found (exit 1), --json', () => {
  const hit = tl('search', 'exceed', 'the', 'RATE', 'limit');
  assert.equal(hit.status, 0, hit.stderr);
  assert.match(hit.stdout, /status @\d+: «[0-9a-f]+\|This request would exceed the rate limit/);
  const failed = demo.find((t) => t.summary.name === 'translate-doc.workflow')!;
  assert.ok(hit.stdout.includes(failed.summary.traceId));
  const none = tl('search', 'words nobody wrote');
  assert.equal(none.status, 1);
  assert.match(none.stdout, /Every trace was searched: no matches\./);
  assert.equal(none.stderr, '');
  const json = tl('search', BIG_COMPLETION_END, '--json');
  assert.equal(json.status, 0);
  const result = JSON.parse(json.stdout) as SearchResult;
  assert.deepEqual(result.hits.map((h) => [h.traceId, h.spanId]), [[mb.traceId, mb.spanId]]);
  assert.equal(result.hits[0].matches[0].offset, mb.completion.indexOf(BIG_COMPLETION_END));
  assert.equal(tl('search', 'nothing like this at all', '--json').status, 1);
});

test('usage: by model, service and session, text and --json', () => {
  const text = tl('usage', '--since', '1h');
  assert.equal(text.status, 0);
  assert.match(text.stdout, /^Usage of 11 traces since 1h/);
  assert.match(text.stdout, /\n  gpt-4o-mini: 3 traces · 1,001 LLM calls · .* · 9 failed calls · call latency /);
  const data = JSON.parse(tl('usage', '--json', '--service', 'tracelight-demo').stdout) as UsageSummary;
  assert.equal(data.traces, 9);
  assert.deepEqual(data.bySession.map((r) => r.key), ['demo-session-0']);
  assert.ok(data.byModel.every((r) => r.callLatencyMs && r.callLatencyMs.count === r.llmCalls));
});

test('exit codes: unknown trace 1, bad usage 3, each with one line on stderr; --help 0', () => {
  const unknown = tl('show', 'f'.repeat(32));
  assert.equal(unknown.status, 1);
  assert.equal(unknown.stdout, '');
  assert.match(unknown.stderr, /^tracelight: no trace f{32} in the viewer .*\n$/);
  for (const args of [['show'], ['show', 'xyz'], ['traces', '--bogus'], ['traces', '--limit', 'ten'], ['search'], ['show', big.traceId, '--field', 'x'], ['traces', '--since', 'whenever']]) {
    const r = tl(...args);
    assert.equal(r.status, 3, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.split('\n').length, 2, `one line: ${r.stderr}`);
  }
  for (const command of ['traces', 'show', 'search', 'usage', 'tail', 'mcp']) {
    const help = runCli([command, '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, new RegExp(`^Usage: tracelight ${command}`));
  }
  assert.match(runCli(['--help']).stdout, /tracelight tail \[--json\]\s+one line per finished trace, live, until Ctrl\+C/);
});

test('no viewer running: every command exits 2 with one line', async () => {
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  for (const args of [['traces'], ['traces', '--json'], ['show', big.traceId], ['search', 'x'], ['usage'], ['tail']]) {
    const r = runCli([...args, '--url', nowhere]);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `tracelight: no Tracelight viewer is running at ${nowhere}: start one with \`npx tracelight\`, or pass --url\n`);
  }
  const env = runCli(['traces'], { ...cleanEnv, TRACELIGHT_URL: nowhere });
  assert.equal(env.status, 2, 'TRACELIGHT_URL is used when --url is not given');
});

/** Starts `tracelight tail` and collects its lines. */
function startTail(args: string[]) {
  const child = spawn(process.execPath, [...CLI_COMMAND, 'tail', '--url', url, ...args], { env: cleanEnv });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, lines: () => out.split('\n').filter(Boolean), err: () => err };
}

async function sendTrace(name: string, error = false): Promise<string> {
  const traceId = hexId(16);
  const root = hexId(8);
  const body = otlpJson(
    [
      { traceId, spanId: hexId(8), parentSpanId: root, name: 'chat gpt-4o-mini', attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 2 }, status: error ? { code: 2, message: 'boom' } : { code: 0 } },
      { traceId, spanId: root, name, durationMs: 30 },
    ],
    'tail-test',
  );
  assert.equal((await postJson(`${url}/v1/traces`, body)).status, 200);
  return traceId;
}

test('tail: the last finished traces, then each new one once it is finished, until Ctrl+C (exit 0)', async () => {
  const tail = startTail(['-n', '3']);
  await waitFor('the backlog', async () => (tail.lines().length >= 3 ? true : undefined));
  const newest = (JSON.parse(tl('traces', '--json', '--limit', '3').stdout) as TraceList).traces.map((t) => t.traceId).reverse();
  assert.deepEqual(tail.lines().map((l) => l.slice(0, 32)), newest, 'the last three, oldest first');
  const id = await sendTrace('tail-one.workflow');
  await waitFor('the new trace', async () => (tail.lines().some((l) => l.startsWith(id)) ? true : undefined));
  const line = tail.lines().find((l) => l.startsWith(id))!;
  assert.match(line, /tail-one\.workflow · tail-test · 30 ms · 2 spans · 1 LLM call \(gpt-4o-mini\) · 5→2 tokens · .* · ok$/);
  const second = await sendTrace('tail-two.workflow', true);
  await waitFor('a second trace', async () => (tail.lines().some((l) => l.startsWith(second)) ? true : undefined));
  assert.match(tail.lines().find((l) => l.startsWith(second))!, /ERROR \(1 error span\)$/);
  assert.equal(tail.lines().filter((l) => l.startsWith(id)).length, 1, 'each trace once');
  tail.child.kill('SIGINT');
  assert.equal(await tail.exited, 0);
  assert.equal(tail.err(), '');
});

test('tail --json: NDJSON, one trace summary per line; --errors keeps the failed ones', async () => {
  const tail = startTail(['--json', '-n', '0', '--errors']);
  // Connected (the hello is in) once a trace sent now shows up: send until one does.
  const failed = await waitFor('a failed trace on the stream', async () => {
    const id = await sendTrace('tail-json-fail.workflow', true);
    await new Promise((r) => setTimeout(r, 300));
    return tail.lines().length ? id : undefined;
  });
  await sendTrace('tail-json-ok.workflow');
  const again = await sendTrace('tail-json-fail-2.workflow', true);
  await waitFor('the second failed trace', async () => (tail.lines().some((l) => l.includes(again)) ? true : undefined));
  const summaries = tail.lines().map((l) => JSON.parse(l) as TraceSummary);
  assert.ok(summaries.length >= 2);
  assert.ok(summaries.every((s) => s.errorCount > 0 && s.hasRoot && typeof s.traceId === 'string'));
  assert.ok(summaries.some((s) => s.traceId === failed));
  assert.ok(!summaries.some((s) => s.name === 'tail-json-ok.workflow'));
  tail.child.kill('SIGINT');
  assert.equal(await tail.exited, 0);
});
