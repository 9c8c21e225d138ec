// `tracelight mcp`: the stdio MCP server as agents start it (the real CLI in a child process), talking to a real
// viewer process, through the real @modelcontextprotocol/sdk client. It lists the same tools as the viewer's /mcp
// and answers each with the same text (the two cannot disagree: one query layer behind both); with no viewer
// running, each tool says so, and the next call works once one runs; it ends when its stdin closes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CLI_COMMAND, cleanEnv, freePort, startCli, type ViewerProcess } from '../../helpers/viewer-process.js';
import { postJson } from '../../helpers/http-request.js';
import { megabyteCompletionTrace, twoThousandSpanTrace } from '../../helpers/big-traces.js';
import { conversationSpans, conversationTexts, sendDemoRound } from '../../helpers/demo-traffic.js';
import type { DemoTrace } from '../../helpers/demo-expectations.js';
import { waitFor } from '../../helpers/viewer-api.js';

let viewer: ViewerProcess;
let url: string;
let demo: DemoTrace[];
const big = twoThousandSpanTrace();
const mb = megabyteCompletionTrace();

function stdioClient(viewerUrl: string): { client: Client; transport: StdioClientTransport; stderr: () => string } {
  const transport = new StdioClientTransport({ command: process.execPath, args: [...CLI_COMMAND, 'mcp', '--url', viewerUrl], env: cleanEnv as Record<string, string>, stderr: 'pipe' });
  let err = '';
  transport.stderr?.on('data', (d) => (err += d));
  return { client: new Client({ name: 'tracelight-test', version: '1.0.0' }), transport, stderr: () => err };
}

type Result = { content: Array<{ type: string; text: string }>; isError?: boolean };
const textOf = (r: unknown) => (r as Result).content.map((c) => c.text).join('');
/** The delimiters' nonce is per result: two answers compare equal once it is taken out. */
const sameNonce = (text: string) => text.replace(/«[0-9a-f]{4,}\||\|[0-9a-f]{4,}»/g, (m) => m.replace(/[0-9a-f]+/, 'N'));

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

test('stdio and HTTP list the same tools and answer every tool with the same text', async () => {
  const stdio = stdioClient(url);
  await stdio.client.connect(stdio.transport);
  const http = new Client({ name: 'tracelight-test', version: '1.0.0' });
  await http.connect(new StreamableHTTPClientTransport(new URL('/mcp', url)));
  try {
    const [a, b] = [await stdio.client.listTools(), await http.listTools()];
    assert.deepEqual(a, b);
    assert.deepEqual(a.tools.map((t) => t.name), ['list_traces', 'get_trace', 'get_span', 'search', 'usage_summary']);
    assert.match(stdio.client.getInstructions() ?? '', /The tools only read/);
    assert.match(stdio.stderr(), new RegExp(`tracelight mcp: serving the viewer at ${url} over stdio`));

    const question = demo.find((t) => t.summary.name === 'answer-question.workflow')!;
    const span = conversationSpans(question)[0];
    const { prompts, answers } = conversationTexts(span);
    const calls: Array<[string, Record<string, unknown>]> = [
      ['list_traces', { limit: 50 }],
      ['list_traces', { errors_only: true, since: '1h' }],
      ['get_trace', { trace_id: question.summary.traceId }],
      ['get_trace', { trace_id: big.traceId, offset: 100, max_bytes: 8_000 }],
      ['get_span', { trace_id: question.summary.traceId, span_id: span.spanId }],
      ['get_span', { trace_id: mb.traceId, span_id: mb.spanId, field: 'output.0.0', offset: 500_000, max_bytes: 50_000 }],
      ['search', { text: answers[0].slice(0, 20) }],
      ['search', { text: 'rate limit', limit: 3 }],
      ['usage_summary', { since: '1h' }],
      ['get_trace', { trace_id: 'f'.repeat(32) }],
    ];
    for (const [name, args] of calls) {
      const [viaStdio, viaHttp] = [await stdio.client.callTool({ name, arguments: args }), await http.callTool({ name, arguments: args })];
      assert.equal(sameNonce(textOf(viaStdio)), sameNonce(textOf(viaHttp)), `${name} ${JSON.stringify(args)}`);
      assert.equal((viaStdio as Result).isError, (viaHttp as Result).isError);
      assert.ok(Buffer.byteLength(textOf(viaStdio)) <= ((args.max_bytes as number) ?? 20_000));
    }
    const trace = textOf(await stdio.client.callTool({ name: 'get_trace', arguments: { trace_id: question.summary.traceId } }));
    for (const t of [...prompts, ...answers]) assert.ok(trace.includes(t), `the prompt and the answer over stdio: ${t}`);
    const missing = (await stdio.client.callTool({ name: 'get_trace', arguments: { trace_id: 'f'.repeat(32) } })) as Result;
    assert.ok(missing.isError);
    assert.match(textOf(missing), /no trace f{32} in the viewer/);
  } finally {
    await stdio.client.close();
    await http.close();
  }
});

test('no viewer running: the tools say so; once a viewer runs, the next call answers', async () => {
  const port = await freePort();
  const stdio = stdioClient(`http://127.0.0.1:${port}`);
  await stdio.client.connect(stdio.transport);
  let late: ViewerProcess | undefined;
  try {
    assert.equal((await stdio.client.listTools()).tools.length, 5, 'the tools are listed without a viewer');
    const down = (await stdio.client.callTool({ name: 'list_traces', arguments: {} })) as Result;
    assert.ok(down.isError);
    assert.match(textOf(down), new RegExp(`^No Tracelight viewer is running at http://127\\.0\\.0\\.1:${port}\\. Ask the user to start it \\(npx tracelight\\)`));
    assert.match(stdio.stderr(), new RegExp(`tracelight mcp: no Tracelight viewer is running at http://127\\.0\\.0\\.1:${port}`));
    late = startCli(['--port', String(port)]);
    await late.ready;
    const up = (await stdio.client.callTool({ name: 'list_traces', arguments: {} })) as Result;
    assert.ok(!up.isError);
    assert.equal(textOf(up), 'No traces in the viewer.');
  } finally {
    await stdio.client.close();
    late?.child.kill('SIGTERM');
    await late?.exited;
  }
});

test('the stdio server answers on stdout only and ends with exit code 0 when its stdin closes', async () => {
  const child = spawn(process.execPath, [...CLI_COMMAND, 'mcp', '--url', url], { env: cleanEnv });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } };
  child.stdin.write(`${JSON.stringify(initialize)}\n`);
  await waitFor('the initialize answer', async () => (out.includes('\n') ? true : undefined));
  child.stdin.end();
  assert.equal(await exited, 0);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 1, 'nothing but protocol messages on stdout');
  assert.equal(JSON.parse(lines[0]).result.serverInfo.name, 'tracelight');
  assert.match(err, /tracelight mcp: serving the viewer at/);
});
