// GET /api/query/<tool>: the HTTP face of the query layer that `tracelight mcp` and the CLI use. Same arguments as
// the MCP tools (query parameters), text or JSON, errors a client can tell apart, read-only, and behind the same
// Host and Origin checks as the rest of the viewer.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { megabyteCompletionTrace } from '../../helpers/big-traces.js';

let viewer: ViewerServer;
const mb = megabyteCompletionTrace();
const q = (path: string, headers: Record<string, string> = {}, method = 'GET') => httpRequest(new URL(path, viewer.url).href, { method, headers });

before(async () => {
  viewer = await createViewerServer({ port: 0, forward: null });
  assert.equal((await postJson(viewer.otlpUrl, mb.body)).status, 200);
});
after(() => viewer.close());

test('text and JSON forms carry the same content; hints=cli names commands', async () => {
  const text = await q(`/api/query/get_span?trace_id=${mb.traceId}&span_id=${mb.spanId}&format=text&max_bytes=5000`);
  assert.equal(text.status, 200);
  assert.match(String(text.headers['content-type']), /^text\/plain/);
  assert.ok(text.body.length <= 5000);
  assert.match(text.text(), /read on with get_span\(trace_id, span_id, field: FIELD, offset: OFFSET\)/);
  const json = await q(`/api/query/get_span?trace_id=${mb.traceId}&span_id=${mb.spanId}&max_bytes=5000`);
  assert.equal(json.status, 200);
  const output = json.json().fields.find((f: { path: string }) => f.path === 'output.0.0');
  assert.ok(text.text().includes(output.text), 'the JSON excerpt is the one the text shows');
  assert.equal(output.cut, mb.completion.length - output.text.length);
  const cli = await q(`/api/query/get_trace?trace_id=${mb.traceId}&format=text&hints=cli`);
  assert.match(cli.text(), /read on with: tracelight show TRACE --span SPAN --field FIELD --offset OFFSET/);
  const search = await q('/api/query/search?text=END-OF-THE-MEGABYTE&format=text');
  assert.equal(search.headers['x-tracelight-hits'], '1');
  const list = await q('/api/query/list_traces?errors_only=1&since=1h');
  assert.equal(list.json().total, 0);
  const tools = await q('/api/query');
  assert.deepEqual(tools.json().tools.map((t: { name: string }) => t.name), ['list_traces', 'get_trace', 'get_span', 'search', 'usage_summary']);
});

test('errors: 400 for a bad argument, 404 for what the viewer does not hold, 405 for anything but GET', async () => {
  const before = viewer.store.stats();
  const bad = await q('/api/query/list_traces?limit=0');
  assert.equal(bad.status, 400);
  assert.equal(bad.headers['x-tracelight-error'], 'bad-argument');
  assert.match(bad.json().error, /limit/);
  assert.equal((await q('/api/query/list_traces?nonsense=1')).status, 400, 'unknown arguments are refused');
  const missing = await q(`/api/query/get_trace?trace_id=${'a'.repeat(32)}&format=text`);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers['x-tracelight-error'], 'not-found');
  assert.match(missing.text(), /^no trace a{32} in the viewer/);
  const noTool = await q('/api/query/delete_everything');
  assert.equal(noTool.status, 404);
  assert.equal(noTool.headers['x-tracelight-error'], 'no-query');
  for (const method of ['POST', 'DELETE', 'PUT']) {
    const r = await q('/api/query/list_traces', {}, method);
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.allow, 'GET, HEAD');
  }
  assert.deepEqual(viewer.store.stats(), before, 'nothing was changed');
});

test('a foreign Host or Origin is refused on the query API', async () => {
  assert.equal((await q('/api/query/list_traces', { host: 'evil.example' })).status, 403);
  assert.equal((await q('/api/query/list_traces', { origin: 'https://evil.example' })).status, 403);
  const local = await q('/api/query/list_traces', { origin: 'http://localhost:3000' });
  assert.equal(local.status, 200);
  assert.equal(local.headers['access-control-allow-origin'], 'http://localhost:3000');
});
