import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { encodeTraceRequestProtobuf, decodeTraceResponseProtobuf } from '../../../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../../../lib/forward/read-otlp-json.js';
import { getOtlpMessageTypes } from '../../../lib/forward/otlp-message-types.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const PROTO_HEADERS = { 'content-type': 'application/x-protobuf' };

async function withViewer(fn: (viewer: ViewerServer) => Promise<void>, options = {}): Promise<void> {
  const viewer = await createViewerServer({ port: 0, forward: null, ...options });
  try {
    await fn(viewer);
  } finally {
    await viewer.close();
  }
}

function protoOf(body: object): Uint8Array {
  return encodeTraceRequestProtobuf(readTraceRequestJson(body).request);
}

async function spanCount(viewer: ViewerServer): Promise<number> {
  return (await httpRequest(viewer.url + 'api/health')).json().spans;
}

// A good request after each bad one proves the server lives on.
async function stillServes(viewer: ViewerServer): Promise<void> {
  const before = await spanCount(viewer);
  const res = await postJson(viewer.otlpUrl, otlpJson([{}]));
  assert.equal(res.status, 200);
  assert.equal(await spanCount(viewer), before + 1);
}

test('real OTel exporters (proto and JSON, gzip on and off) deliver spans with the right genAi view', async () => {
  await withViewer(async (viewer) => {
    const variants = [
      ['proto', 'none'],
      ['proto', 'gzip'],
      ['json', 'none'],
      ['json', 'gzip'],
    ] as const;
    for (const [kind, compression] of variants) {
      const Exporter = kind === 'proto' ? ProtoExporter : JsonExporter;
      const exporter = new Exporter({ url: viewer.otlpUrl, compression: compression as never });
      const provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': `svc-${kind}-${compression}` }),
        spanProcessors: [new BatchSpanProcessor(exporter)],
      });
      const tracer = provider.getTracer('test-scope', '9.9.9');
      const parent = tracer.startSpan('workflow');
      const { trace, context } = await import('@opentelemetry/api');
      const child = tracer.startSpan(
        'chat gpt-4o-mini',
        {
          kind: 2,
          attributes: {
            'gen_ai.provider.name': 'openai',
            'gen_ai.operation.name': 'chat',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
            'gen_ai.usage.input_tokens': 1000,
            'gen_ai.usage.output_tokens': 500,
            'gen_ai.response.finish_reasons': ['stop'],
            'gen_ai.response.time_to_first_chunk': 0.25,
            'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hello?' }] }]),
            'gen_ai.output.messages': JSON.stringify([
              { role: 'assistant', parts: [{ type: 'text', content: 'Hi!' }], finish_reason: 'stop' },
            ]),
            'big.int': 2 ** 40,
            'a.double': 1.5,
            'a.bool': true,
          },
        },
        trace.setSpan(context.active(), parent),
      );
      child.addEvent('first-chunk', { n: 1 });
      child.setStatus({ code: 2, message: 'boom' });
      child.end();
      parent.end();
      await provider.shutdown();

      const list = (await httpRequest(viewer.url + `api/traces?service=svc-${kind}-${compression}`)).json();
      assert.equal(list.traces.length, 1, `${kind}/${compression}: one trace`);
      const summary = list.traces[0];
      assert.equal(summary.name, 'workflow');
      assert.equal(summary.spanCount, 2);
      assert.equal(summary.errorCount, 1);
      assert.equal(summary.inputTokens, 1000);
      assert.deepEqual(summary.models, ['gpt-4o-mini-2024-07-18']);
      const detail = (await httpRequest(viewer.url + `api/traces/${summary.traceId}`)).json();
      const llm = detail.spans.find((s: { name: string }) => s.name === 'chat gpt-4o-mini');
      assert.equal(llm.parentSpanId, parent.spanContext().spanId);
      assert.equal(llm.kind, 3); // API SpanKind.CLIENT (2) is OTLP 3
      assert.deepEqual(llm.status, { code: 2, message: 'boom' });
      assert.equal(llm.attributes['big.int'], 2 ** 40);
      assert.equal(llm.attributes['a.double'], 1.5);
      assert.equal(llm.attributes['a.bool'], true);
      assert.deepEqual(llm.scope, { name: 'test-scope', version: '9.9.9' });
      assert.equal(llm.events[0].name, 'first-chunk');
      assert.match(llm.startTimeUnixNano, /^\d{19}$/);
      assert.deepEqual(llm.genAi, {
        provider: 'openai',
        operation: 'chat',
        requestModel: 'gpt-4o-mini',
        responseModel: 'gpt-4o-mini-2024-07-18',
        inputTokens: 1000,
        outputTokens: 500,
        inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Hello?' }] }],
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hi!' }], finish_reason: 'stop' }],
        systemInstructions: null,
        finishReasons: ['stop'],
        timeToFirstChunkMs: 250,
        costUsd: 0.00045,
        cacheReadInputTokens: null,
        cacheCreationInputTokens: null,
        reasoningOutputTokens: null,
        entityKind: null,
        notes: null,
        entity: null,
      });
      const root = detail.spans.find((s: { name: string }) => s.name === 'workflow');
      assert.equal(root.genAi, null);
      assert.equal(root.parentSpanId, null);
    }
  });
});

test('protobuf success answers an ExportTraceServiceResponse; partial success counts rejected spans', async () => {
  await withViewer(async (viewer) => {
    const good = protoOf(otlpJson([{}, {}]));
    let res = await httpRequest(viewer.otlpUrl, { method: 'POST', headers: PROTO_HEADERS, body: good });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'application/x-protobuf');
    assert.deepEqual(decodeTraceResponseProtobuf(res.body), { rejectedSpans: 0, errorMessage: '' });

    const mixed = otlpJson([{}, { traceId: '00000000000000000000000000000000' }, { spanId: 'abc' }]);
    res = await httpRequest(viewer.otlpUrl, { method: 'POST', headers: PROTO_HEADERS, body: protoOf(mixed) });
    assert.equal(res.status, 200);
    const partial = decodeTraceResponseProtobuf(res.body);
    assert.equal(partial.rejectedSpans, 2);
    assert.match(partial.errorMessage, /invalid (traceId|spanId)/);

    const mixed2 = otlpJson([{}, { traceId: "00000000000000000000000000000000" }, { spanId: "abc" }]);
    res = await postJson(viewer.otlpUrl, mixed2);
    assert.equal(res.status, 200);
    assert.equal(res.json().partialSuccess.rejectedSpans, '2');
    assert.equal(await spanCount(viewer), 4);
  });
});

test('JSON variants senders use: snake_case keys, enum names, int64 as numbers, base64 ids', async () => {
  await withViewer(async (viewer) => {
    const traceId = hexId(16);
    const spanId = hexId(8);
    const body = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
          scope_spans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  trace_id: Buffer.from(traceId, 'hex').toString('base64'),
                  span_id: spanId.toUpperCase(),
                  name: 'snake span',
                  kind: 'SPAN_KIND_CLIENT',
                  start_time_unix_nano: 1_700_000_000_000_000_000,
                  end_time_unix_nano: '1700000000500000000',
                  attributes: [
                    { key: 'n', value: { int_value: 7 } },
                    { key: 'arr', value: { array_value: { values: [{ stringValue: 'a' }, { intValue: '2' }] } } },
                    { key: 'map', value: { kvlist_value: { values: [{ key: 'k', value: { boolValue: false } }] } } },
                    { key: 'nan', value: { doubleValue: 'NaN' } },
                    { key: 'raw', value: { bytesValue: 'aGk=' } },
                  ],
                  status: { code: 'STATUS_CODE_ERROR', message: 'bad' },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await postJson(viewer.otlpUrl, body);
    assert.equal(res.status, 200, res.text());
    const detail = (await httpRequest(viewer.url + `api/traces/${traceId}`)).json();
    const span = detail.spans[0];
    assert.equal(span.spanId, spanId);
    assert.equal(span.kind, 3);
    assert.deepEqual(span.status, { code: 2, message: 'bad' });
    assert.equal(span.startTimeUnixNano, '1700000000000000000');
    assert.equal(span.attributes.n, 7);
    assert.deepEqual(span.attributes.arr, ['a', 2]);
    assert.deepEqual(span.attributes.map, { k: false });
    assert.ok(Number.isNaN(span.attributes.nan) || span.attributes.nan === null);
    assert.deepEqual(span.attributes.raw, { bytes: 'aGk=' });
    assert.equal(span.resource.attributes['service.name'], 'snake');
  });
});

test('bad input gets its OTLP answer and the server serves the next request', async () => {
  await withViewer(
    async (viewer) => {
      const url = viewer.otlpUrl;
      const { rpcStatus } = getOtlpMessageTypes();

      // 405 wrong method
      let res = await httpRequest(url, { method: 'GET' });
      assert.equal(res.status, 405);
      assert.match(String(res.headers.allow), /POST/);
      await stillServes(viewer);

      // 415 unknown content type
      res = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
      assert.equal(res.status, 415);
      await stillServes(viewer);

      // 415 unknown content encoding
      res = await httpRequest(url, { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'br' }, body: '{}' });
      assert.equal(res.status, 415);
      await stillServes(viewer);

      // 400 truncated protobuf, with a google.rpc.Status protobuf body
      const full = protoOf(otlpJson([{ attributes: { a: 'x'.repeat(100) } }]));
      res = await httpRequest(url, { method: 'POST', headers: PROTO_HEADERS, body: full.subarray(0, full.length - 20) });
      assert.equal(res.status, 400);
      const status = rpcStatus.decode(res.body) as unknown as { code: number; message: string };
      assert.equal(status.code, 3);
      assert.match(status.message, /invalid protobuf/);
      await stillServes(viewer);

      // 400 invalid JSON, with a JSON Status body
      res = await httpRequest(url, { method: 'POST', headers: JSON_HEADERS, body: '{"resourceSpans": [' });
      assert.equal(res.status, 400);
      assert.equal(res.json().code, 3);
      await stillServes(viewer);

      // 400 wrong types at the request level
      for (const bad of ['[]', '"x"', '{"resourceSpans": 5}', '{"resourceSpans": [{"scopeSpans": {}}]}', '{"resourceSpans":[{"resource":[]}]}']) {
        res = await httpRequest(url, { method: 'POST', headers: JSON_HEADERS, body: bad });
        assert.equal(res.status, 400, bad);
      }
      await stillServes(viewer);

      // wrong types inside a span: that span is rejected (partial success), the others kept
      const withBadSpan = otlpJson([{}, {}]);
      (withBadSpan.resourceSpans[0].scopeSpans[0].spans[1] as Record<string, unknown>).name = 42;
      res = await postJson(url, withBadSpan);
      assert.equal(res.status, 200);
      assert.equal(res.json().partialSuccess.rejectedSpans, '1');
      await stillServes(viewer);

      // absurdly nested attribute values: the span is rejected (JSON) / the request refused (protobuf), no crash
      const deep = (n: number) =>
        '{"kvlistValue":{"values":[{"key":"k","value":'.repeat(n) + '{"stringValue":"bottom"}' + '}]}}'.repeat(n);
      const nested = otlpJson([{}, {}]);
      const nestedText = JSON.stringify(nested).replace('"attributes":[]', `"attributes":[{"key":"deep","value":${deep(100)}}]`);
      res = await httpRequest(url, { method: 'POST', headers: JSON_HEADERS, body: nestedText });
      assert.equal(res.status, 200);
      assert.equal(res.json().partialSuccess.rejectedSpans, '1');
      const deeper = JSON.stringify(nested).replace('"attributes":[]', `"attributes":[{"key":"deep","value":${deep(4_500)}}]`);
      res = await httpRequest(url, { method: 'POST', headers: JSON_HEADERS, body: deeper });
      assert.ok(res.status === 200 || res.status === 400, `answered ${res.status}`);
      const AnyValue = getOtlpMessageTypes().request.lookupType('AnyValue');
      let value = AnyValue.encode({ stringValue: 'bottom' }).finish();
      // 40 nested arrays: deeper than our 32, within protobufjs' own limit of 100 message levels
      for (let i = 0; i < 40; i++) value = AnyValue.encode({ arrayValue: { values: [AnyValue.decode(value)] } }).finish();
      const deepRequest = getOtlpMessageTypes().request.encode({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: Buffer.alloc(16, 1), spanId: Buffer.alloc(8, 1), name: 'x', attributes: [{ key: 'd', value: AnyValue.decode(value) }] }] }] }],
      }).finish();
      res = await httpRequest(url, { method: 'POST', headers: PROTO_HEADERS, body: deepRequest });
      assert.equal(res.status, 400);
      await stillServes(viewer);

      // 400 corrupt gzip
      res = await httpRequest(url, { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: 'not gzip' });
      assert.equal(res.status, 400);
      await stillServes(viewer);

      // 413 oversized body (declared and streamed)
      const big = JSON.stringify(otlpJson([{ attributes: { blob: 'x'.repeat(300_000) } }]));
      res = await httpRequest(url, { method: 'POST', headers: JSON_HEADERS, body: big });
      assert.equal(res.status, 413);
      await stillServes(viewer);

      // 413 gzip bomb: 100 MB of zeros compress to ~100 KB; cut off at the 256 KB cap after decompression
      const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024));
      assert.ok(bomb.length < 256 * 1024);
      const rssBefore = process.memoryUsage().rss;
      res = await httpRequest(url, { method: 'POST', headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' }, body: bomb });
      assert.equal(res.status, 413);
      assert.equal(res.json().code, 8);
      assert.ok(process.memoryUsage().rss - rssBefore < 80 * 1024 * 1024, 'the bomb was not inflated in memory');
      await stillServes(viewer);

      // unknown path
      res = await httpRequest(viewer.url + 'api/nope');
      assert.equal(res.status, 404);
      await stillServes(viewer);
    },
    { maxBodyBytes: 256 * 1024 },
  );
});

test('gzip JSON and protobuf bodies are accepted; /v1/metrics and /v1/logs answer 200', async () => {
  await withViewer(async (viewer) => {
    let res = await httpRequest(viewer.otlpUrl, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify(otlpJson([{}]))),
    });
    assert.equal(res.status, 200);
    res = await httpRequest(viewer.otlpUrl, {
      method: 'POST',
      headers: { ...PROTO_HEADERS, 'content-encoding': 'gzip' },
      body: gzipSync(protoOf(otlpJson([{}]))),
    });
    assert.equal(res.status, 200);
    assert.equal(await spanCount(viewer), 2);
    for (const path of ['v1/metrics', 'v1/logs']) {
      res = await httpRequest(viewer.url + path, { method: 'POST', headers: JSON_HEADERS, body: '{"resourceMetrics":[]}' });
      assert.equal(res.status, 200);
      res = await httpRequest(viewer.url + path, { method: 'POST', headers: PROTO_HEADERS, body: new Uint8Array([10, 0]) });
      assert.equal(res.status, 200);
    }
  });
});
