// MCP over Streamable HTTP, traced at the fetch level: the real `@modelcontextprotocol/sdk` client and server in this
// process, SSE and JSON answers, sessions, batches, errors, content capture and redaction, `withTool`, and the opt-in
// `params._meta` trace context. Spans per the GenAI MCP conventions, read from an in-memory exporter.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { init, shutdown, withTool, wrapFetch } from '../../lib/node.js';
import { mcp } from '../../lib/mcp/mcp.js';
import { startMcpTestServer, type McpTestServer } from '../helpers/mcp-test-server.js';

const exporter = new InMemorySpanExporter();
const rawFetch = globalThis.fetch;
let sse: McpTestServer;
let json: McpTestServer;

before(async () => {
  sse = await startMcpTestServer();
  json = await startMcpTestServer({ json: true });
  init({ spanProcessors: [new SimpleSpanProcessor(exporter)], serviceName: 'mcp-test' }); // patches globalThis.fetch
});
after(async () => {
  await shutdown();
  await sse.close();
  await json.close();
});
beforeEach(() => exporter.reset());

async function connect(server: McpTestServer, fetchFn?: typeof fetch): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(server.url), fetchFn ? { fetch: fetchFn } : undefined);
  const client = new Client({ name: 'tracelight-test-client', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

const spans = () => exporter.getFinishedSpans();
const named = (name: string) => spans().filter((s) => s.name === name);
const one = (name: string): ReadableSpan => {
  const found = named(name);
  assert.equal(found.length, 1, `one "${name}" span among: ${spans().map((s) => s.name).join(', ')}`);
  return found[0]!;
};

for (const mode of ['sse', 'json'] as const) {
  test(`${mode} answers: every client method becomes a CLIENT span per the MCP conventions`, async () => {
    const server = mode === 'sse' ? sse : json;
    const { client, transport } = await connect(server);
    const untraced = await connect(server, rawFetch);
    const sessionId = transport.sessionId!;
    assert.ok(sessionId && server.sessions.includes(sessionId));

    const results = {
      tools: await client.listTools(),
      add: await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }),
      prompts: await client.listPrompts(),
      prompt: await client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } }),
      resources: await client.listResources(),
      templates: await client.listResourceTemplates(),
      readme: await client.readResource({ uri: 'docs://readme' }),
      ping: await client.ping(),
      logging: await client.setLoggingLevel('info'),
    };
    // The traced client got exactly what an untraced one gets.
    assert.deepEqual(results, {
      tools: await untraced.client.listTools(),
      add: await untraced.client.callTool({ name: 'add', arguments: { a: 2, b: 3 } }),
      prompts: await untraced.client.listPrompts(),
      prompt: await untraced.client.getPrompt({ name: 'greet', arguments: { who: 'Ada' } }),
      resources: await untraced.client.listResources(),
      templates: await untraced.client.listResourceTemplates(),
      readme: await untraced.client.readResource({ uri: 'docs://readme' }),
      ping: await untraced.client.ping(),
      logging: await untraced.client.setLoggingLevel('info'),
    });
    await client.close();
    await untraced.client.close();

    const initialize = one('initialize');
    assert.equal(initialize.kind, SpanKind.CLIENT);
    assert.equal(initialize.attributes['mcp.method.name'], 'initialize');
    assert.equal(initialize.attributes['jsonrpc.request.id'], '0');
    assert.equal(initialize.attributes['mcp.session.id'], sessionId, 'from the Mcp-Session-Id response header');
    assert.equal(initialize.attributes['mcp.protocol.version'], transport.protocolVersion, 'the negotiated version');
    assert.equal(initialize.attributes['network.transport'], 'tcp');
    assert.equal(initialize.attributes['server.address'], '127.0.0.1');

    const initialized = one('notifications/initialized');
    assert.equal(initialized.attributes['jsonrpc.request.id'], undefined, 'a notification has no id');
    assert.equal(initialized.attributes['mcp.session.id'], sessionId);

    const add = one('tools/call add');
    assert.equal(add.attributes['gen_ai.operation.name'], 'execute_tool');
    assert.equal(add.attributes['gen_ai.tool.name'], 'add');
    assert.equal(add.attributes['mcp.method.name'], 'tools/call');
    assert.deepEqual(JSON.parse(String(add.attributes['gen_ai.tool.call.arguments'])), { a: 2, b: 3 });
    assert.deepEqual(JSON.parse(String(add.attributes['gen_ai.tool.call.result'])), results.add);
    assert.equal(add.status.code, SpanStatusCode.UNSET);

    const prompt = one('prompts/get greet');
    assert.equal(prompt.attributes['gen_ai.prompt.name'], 'greet');
    assert.equal(prompt.attributes['gen_ai.operation.name'], undefined, 'execute_tool is for tools/call only');
    assert.equal(one('resources/read').attributes['mcp.resource.uri'], 'docs://readme');
    for (const name of ['tools/list', 'prompts/list', 'resources/list', 'resources/templates/list', 'ping', 'logging/setLevel']) one(name);

    const ids = new Set<string>();
    for (const span of spans().filter((s) => s.attributes['mcp.session.id'] === sessionId)) {
      assert.equal(span.attributes['mcp.protocol.version'], transport.protocolVersion, span.name);
      if (span.attributes['jsonrpc.request.id'] !== undefined) ids.add(String(span.attributes['jsonrpc.request.id']));
    }
    assert.equal(ids.size, 10, 'each request of the session has its own id');
  });
}

test('tool errors: isError is error.type=tool_error; a JSON-RPC error is its code; results still reach the app', async () => {
  const { client } = await connect(sse);
  const divided = await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
  assert.equal(divided.isError, true);
  await assert.rejects(client.getPrompt({ name: 'no-such-prompt' }), /no-such-prompt/);
  await client.close();

  const divide = one('tools/call divide');
  assert.equal(divide.attributes['error.type'], 'tool_error');
  assert.equal(divide.status.code, SpanStatusCode.ERROR);
  assert.match(String(divide.attributes['gen_ai.tool.call.result']), /cannot divide by zero/);

  const missing = one('prompts/get no-such-prompt');
  assert.equal(missing.attributes['error.type'], '-32602');
  assert.equal(missing.attributes['rpc.response.status_code'], '-32602');
  assert.equal(missing.status.code, SpanStatusCode.ERROR);
  assert.match(missing.status.message ?? '', /no-such-prompt/, 'the status says the JSON-RPC error message');
});

test('an unknown session: the HTTP 404 answer with a JSON-RPC error marks the span with its code', async () => {
  const res = await fetch(json.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': 'gone', 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
  });
  assert.equal(res.status, 404);
  await res.text();
  const span = one('tools/list');
  assert.equal(span.attributes['mcp.session.id'], 'gone');
  assert.equal(span.attributes['mcp.protocol.version'], '2025-06-18');
  assert.equal(span.attributes['error.type'], '-32001');
  assert.equal(span.status.code, SpanStatusCode.ERROR);
});

for (const mode of ['sse', 'json'] as const) {
  test(`batched JSON-RPC (${mode}): a span per message, each ended by the response with its id`, async () => {
    const server = mode === 'sse' ? sse : json;
    const { client, transport } = await connect(server);
    exporter.reset();
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': transport.sessionId!,
        'mcp-protocol-version': transport.protocolVersion!,
      },
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'ping' },
        { jsonrpc: '2.0', id: 'b', method: 'tools/call', params: { name: 'add', arguments: { a: 20, b: 22 } } },
        { jsonrpc: '2.0', id: 'c', method: 'prompts/get', params: { name: 'nope' } },
      ]),
    });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /42/);
    await client.close();
    assert.equal(one('ping').attributes['jsonrpc.request.id'], 'a');
    const add = one('tools/call add');
    assert.equal(add.attributes['jsonrpc.request.id'], 'b');
    assert.match(String(add.attributes['gen_ai.tool.call.result']), /42/);
    assert.equal(one('prompts/get nope').attributes['error.type'], '-32602');
  });
}

test('content capture off: no arguments or results, the rest stays', async () => {
  const { client } = await connect(sse, wrapFetch(rawFetch, { captureContent: false }));
  await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
  await client.close();
  const add = one('tools/call add');
  assert.equal(add.attributes['gen_ai.tool.name'], 'add');
  assert.equal(add.attributes['gen_ai.tool.call.arguments'], undefined);
  assert.equal(add.attributes['gen_ai.tool.call.result'], undefined);
});

test('the redact hook sees tool arguments and results by attribute name', async () => {
  const seen: string[] = [];
  const redact = (value: unknown, name: string) => {
    seen.push(name);
    return name === 'gen_ai.tool.call.arguments' ? { a: '[redacted]' } : undefined;
  };
  const { client } = await connect(sse, wrapFetch(rawFetch, { redact }));
  await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } });
  await client.close();
  const add = one('tools/call add');
  assert.deepEqual(JSON.parse(String(add.attributes['gen_ai.tool.call.arguments'])), { a: '[redacted]' });
  assert.equal(add.attributes['gen_ai.tool.call.result'], undefined, 'dropped by the hook');
  assert.deepEqual(seen.sort(), ['gen_ai.tool.call.arguments', 'gen_ai.tool.call.result']);
});

test('withTool around a tools/call: the MCP attributes go on the app span, no duplicate; a second call gets its own', async () => {
  const { client } = await connect(sse);
  exporter.reset();
  const result = await withTool('add', async () => {
    const first = await client.callTool({ name: 'add', arguments: { a: 1, b: 1 } });
    await client.callTool({ name: 'add', arguments: { a: 5, b: 5 } });
    return first;
  });
  assert.deepEqual(result.content, [{ type: 'text', text: '2' }]);
  await withTool('divide', () => client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } }));
  await client.close();

  const app = one('execute_tool add');
  assert.equal(app.attributes['traceloop.span.kind'], 'tool');
  assert.equal(app.attributes['mcp.method.name'], 'tools/call');
  assert.ok(app.attributes['mcp.session.id']);
  assert.deepEqual(JSON.parse(String(app.attributes['gen_ai.tool.call.arguments'])), { a: 1, b: 1 });
  assert.match(String(app.attributes['gen_ai.tool.call.result']), /"2"/);
  const second = one('tools/call add');
  assert.equal(second.parentSpanContext?.spanId, app.spanContext().spanId, 'the second call nests under the app span');
  assert.deepEqual(JSON.parse(String(second.attributes['gen_ai.tool.call.arguments'])), { a: 5, b: 5 });

  const divide = one('execute_tool divide');
  assert.equal(divide.attributes['error.type'], 'tool_error');
  assert.equal(named('tools/call divide').length, 0);
});

test('trace context in params._meta only when opted in', async () => {
  sse.toolCallMeta.length = 0;
  const plain = await connect(sse);
  await plain.client.callTool({ name: 'add', arguments: { a: 1, b: 2 } });
  await plain.client.close();
  assert.equal(sse.toolCallMeta[0]?.traceparent, undefined, 'off by default');

  exporter.reset();
  const opted = await connect(sse, wrapFetch(rawFetch, { providers: [mcp({ propagateContext: true })] }));
  const answer = await opted.client.callTool({ name: 'add', arguments: { a: 1, b: 2 } });
  assert.deepEqual(answer.content, [{ type: 'text', text: '3' }]);
  await opted.client.close();
  const span = one('tools/call add');
  const { traceId, spanId } = span.spanContext();
  assert.equal(sse.toolCallMeta[1]?.traceparent, `00-${traceId}-${spanId}-01`);
});

test('a POST that accepts SSE but carries no JSON-RPC request is not an MCP call', async () => {
  const res = await fetch(json.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ hello: 'world' }),
  });
  await res.text();
  assert.equal(spans().length, 0);
});
