// MCP spans in the real viewer: a tools/call traced at the fetch level arrives over OTLP and the viewer's API shows
// it as a tool call, with its arguments and result (the entity view), and the other MCP methods as plain spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { init, shutdown, flush } from '../../lib/node.js';
import { createViewerServer } from '../../viewer/server/create-viewer-server.js';
import { startMcpTestServer } from '../helpers/mcp-test-server.js';
import { listAllSpans, waitFor } from '../helpers/viewer-api.js';

test('an MCP tool call shows in the viewer as a tool with its arguments and result', async () => {
  const viewer = await createViewerServer({ port: 0 });
  const server = await startMcpTestServer();
  init({ endpoint: viewer.otlpUrl, serviceName: 'mcp-viewer-test', exportMode: 'immediate' });
  try {
    const client = new Client({ name: 'viewer-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const result = await client.callTool({ name: 'add', arguments: { a: 40, b: 2 } });
    await client.callTool({ name: 'divide', arguments: { a: 1, b: 0 } });
    await client.close();
    await flush();
    const spans = await waitFor('the MCP spans in the viewer', async () => {
      const all = await listAllSpans(viewer.url);
      return all.some((s) => s.name === 'tools/call divide') ? all : undefined;
    });
    const add = spans.find((s) => s.name === 'tools/call add');
    assert.ok(add, spans.map((s) => s.name).join(', '));
    assert.equal(add.attributes['mcp.method.name'], 'tools/call');
    const entity = add.genAi?.entity;
    assert.ok(entity, 'the viewer reads the span as an application (tool) span');
    assert.equal(entity.kind, 'tool');
    assert.equal(entity.name, 'add');
    assert.deepEqual(entity.input, { a: 40, b: 2 });
    assert.deepEqual(entity.output, JSON.parse(JSON.stringify(result)));
    const divide = spans.find((s) => s.name === 'tools/call divide')!;
    assert.equal(divide.status.code, 2, 'ERROR');
    assert.equal(divide.attributes['error.type'], 'tool_error');
    assert.ok(spans.some((s) => s.name === 'initialize'));
  } finally {
    await shutdown();
    await server.close();
    await viewer.close();
  }
});
