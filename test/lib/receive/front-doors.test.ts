// One table of inputs, three front doors (the viewer's OTLP/HTTP and OTLP/gRPC receivers, the production relay):
// each door must give the answer the table says, so they cannot drift. The viewer is the real server; the relay is
// mounted on node:http and forwards to a real upstream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { handleOtlp } from '../../../viewer/server/otlp-receiver.js';
import { startGrpcReceiver } from '../../../viewer/server/grpc-receiver.js';
import { createRelay, toNodeHandler } from '../../../lib/relay.js';
import { encodeLogsRequestProtobuf, encodeTraceRequestProtobuf } from '../../../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../../../lib/forward/read-otlp-json.js';
import { readLogsRequestJson } from '../../../lib/forward/read-otlp-logs-json.js';
import { decodeOtlpMessage, getOtlpMessageTypes } from '../../../lib/forward/otlp-message-types.js';
import { OtlpOverloadedError, type OtlpSignal } from '../../../lib/receive/otlp-accept.js';
import { OTLP_OUTCOMES, RpcCode, type OtlpOutcome } from '../../../lib/receive/otlp-outcomes.js';
import { hexId, kv, otlpJson } from '../../helpers/otlp-fixtures.js';
import { httpRequest } from '../../helpers/http-request.js';
import { startUpstream } from '../../helpers/start-upstream.js';
import { grpcExport } from '../../helpers/grpc-export.js';

const CAP = 64 * 1024;
const PROTO = 'application/x-protobuf';
const JSON_TYPE = 'application/json';
const APP = 'https://app.example.com';

function logsJson(records: Array<{ traceId?: string; spanId?: string; eventName?: string }>) {
  return {
    resourceLogs: [
      {
        resource: { attributes: kv({ 'service.name': 'doors' }) },
        scopeLogs: [
          {
            scope: { name: 'test' },
            logRecords: records.map((r) => ({
              timeUnixNano: '1700000000000000000',
              eventName: r.eventName ?? 'gen_ai.user.message',
              body: { kvlistValue: { values: [{ key: 'content', value: { stringValue: 'hi' } }] } },
              traceId: r.traceId ?? hexId(16),
              spanId: r.spanId ?? hexId(8),
            })),
          },
        ],
      },
    ],
  };
}

const tracesProto = (body: ReturnType<typeof otlpJson>) => encodeTraceRequestProtobuf(readTraceRequestJson(body).request);
const good = otlpJson([{}, {}]);
const partial = otlpJson([{}, { traceId: '0'.repeat(32) }, { spanId: 'abc' }]);
const truncated = tracesProto(otlpJson([{ attributes: { a: 'x'.repeat(200) } }])).subarray(0, 150);
const oversized = tracesProto(otlpJson([{ attributes: { blob: 'x'.repeat(CAP) } }]));
const bomb = gzipSync(Buffer.alloc(CAP * 64));
const logs = logsJson([{}, {}, { eventName: 'app.started' }]);
const partialLogs = logsJson([{}, { spanId: 'abcd' }]);

interface Row {
  name: string;
  signal?: OtlpSignal;
  method?: string;
  contentType: string;
  contentEncoding?: 'gzip' | 'x-gzip' | 'deflate' | 'br';
  body: Uint8Array | string;
  outcome: OtlpOutcome;
  rejected?: number;
  /** Traces only (the relay takes traces), or HTTP only (gRPC has no content type, method or x-gzip). */
  doors?: Array<'http' | 'grpc' | 'relay'>;
}

const ROWS: Row[] = [
  { name: 'valid protobuf', contentType: PROTO, body: tracesProto(good), outcome: 'accepted', rejected: 0 },
  { name: 'valid JSON', contentType: JSON_TYPE, body: JSON.stringify(good), outcome: 'accepted', rejected: 0 },
  { name: 'partial protobuf (zero trace id, short span id)', contentType: PROTO, body: tracesProto(partial), outcome: 'accepted', rejected: 2 },
  { name: 'partial JSON', contentType: JSON_TYPE, body: JSON.stringify(partial), outcome: 'accepted', rejected: 2 },
  { name: 'malformed protobuf', contentType: PROTO, body: truncated, outcome: 'invalid' },
  { name: 'malformed JSON', contentType: JSON_TYPE, body: '{"resourceSpans": [', outcome: 'invalid', doors: ['http', 'relay'] },
  { name: 'wrong JSON shape', contentType: JSON_TYPE, body: '{"resourceSpans": 5}', outcome: 'invalid', doors: ['http', 'relay'] },
  { name: 'oversized', contentType: PROTO, body: oversized, outcome: 'too-large' },
  { name: 'oversized after gzip', contentType: PROTO, contentEncoding: 'gzip', body: bomb, outcome: 'too-large' },
  { name: 'wrong content type', contentType: 'text/plain', body: 'hello', outcome: 'unsupported-media-type', doors: ['http', 'relay'] },
  { name: 'unknown content encoding', contentType: PROTO, contentEncoding: 'br', body: tracesProto(good), outcome: 'unsupported-media-type', doors: ['http', 'relay'] },
  { name: 'gzip', contentType: PROTO, contentEncoding: 'gzip', body: gzipSync(tracesProto(good)), outcome: 'accepted', rejected: 0 },
  { name: 'gzip JSON', contentType: JSON_TYPE, contentEncoding: 'gzip', body: gzipSync(JSON.stringify(partial)), outcome: 'accepted', rejected: 2 },
  { name: 'x-gzip', contentType: PROTO, contentEncoding: 'x-gzip', body: gzipSync(tracesProto(good)), outcome: 'accepted', rejected: 0, doors: ['http', 'relay'] },
  { name: 'deflate', contentType: PROTO, contentEncoding: 'deflate', body: deflateSync(tracesProto(partial)), outcome: 'accepted', rejected: 2 },
  { name: 'corrupt gzip', contentType: PROTO, contentEncoding: 'gzip', body: 'not gzip at all', outcome: 'invalid', doors: ['http', 'relay'] },
  { name: 'wrong method', method: 'GET', contentType: PROTO, body: '', outcome: 'method-not-allowed', doors: ['http', 'relay'] },
  { name: 'logs protobuf', signal: 'logs', contentType: PROTO, body: encodeLogsRequestProtobuf(readLogsRequestJson(logs).request), outcome: 'accepted', rejected: 0, doors: ['http', 'grpc'] },
  { name: 'logs JSON, one bad span id (kept out of the join, not an error)', signal: 'logs', contentType: JSON_TYPE, body: JSON.stringify(partialLogs), outcome: 'accepted', rejected: 0, doors: ['http', 'grpc'] },
  { name: 'logs malformed', signal: 'logs', contentType: PROTO, body: new Uint8Array([10, 50, 1]), outcome: 'invalid', doors: ['http', 'grpc'] },
  { name: 'metrics', signal: 'metrics', contentType: PROTO, body: new Uint8Array([10, 0]), outcome: 'accepted', rejected: 0, doors: ['http', 'grpc'] },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function rejectedInProtobuf(signal: OtlpSignal, bytes: Uint8Array): number {
  const types = getOtlpMessageTypes();
  const type = signal === 'traces' ? types.response : signal === 'logs' ? types.logsResponse : types.metricsResponse;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const p: any = (decodeOtlpMessage(type, bytes) as any).partialSuccess;
  if (!p) return 0;
  const r = p.rejectedSpans ?? p.rejectedLogRecords ?? p.rejectedDataPoints;
  return Number(typeof r === 'object' ? r.low : r);
}

interface Answer {
  http?: number;
  rpc: number;
  rejected: number | null;
  retryAfter?: number | null;
}

async function viaHttp(url: string, row: Row, origin?: string): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': row.contentType };
  if (row.contentEncoding) headers['content-encoding'] = row.contentEncoding;
  if (origin) headers.origin = origin;
  const res = await httpRequest(url, { method: row.method ?? 'POST', headers, body: row.method === 'GET' ? undefined : row.body });
  const signal = row.signal ?? 'traces';
  const isProto = String(res.headers['content-type']).includes('protobuf');
  let rpc: number;
  let rejected: number | null = null;
  if (res.status === 200) {
    rpc = 0;
    rejected = isProto ? rejectedInProtobuf(signal, res.body) : Number(Object.values(res.json().partialSuccess ?? { r: 0 })[0]);
  } else {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    rpc = isProto ? (decodeOtlpMessage(getOtlpMessageTypes().rpcStatus, res.body) as any).code : res.json().code;
  }
  const retry = res.headers['retry-after'];
  return { http: res.status, rpc, rejected, retryAfter: retry === undefined ? null : Number(retry) };
}

async function viaGrpc(address: string, row: Row): Promise<Answer> {
  let bytes = typeof row.body === 'string' ? Buffer.from(row.body) : row.body;
  // gRPC is protobuf only: a JSON row is sent as its protobuf equivalent; compression is gRPC's own.
  if (row.contentType === JSON_TYPE) {
    const text = row.contentEncoding === 'gzip' ? (await import('node:zlib')).gunzipSync(bytes).toString() : Buffer.from(bytes).toString();
    const value = JSON.parse(text);
    bytes = row.signal === 'logs' ? encodeLogsRequestProtobuf(readLogsRequestJson(value).request) : encodeTraceRequestProtobuf(readTraceRequestJson(value).request);
    // The JSON reader let bad ids through as written; the protobuf form of a too-short id is a too-short byte string.
  } else if (row.contentEncoding === 'gzip' || row.contentEncoding === 'deflate') {
    const zlib = await import('node:zlib');
    bytes = row.contentEncoding === 'gzip' ? zlib.gunzipSync(bytes) : zlib.inflateSync(bytes);
  }
  const compression = row.contentEncoding === 'gzip' || row.contentEncoding === 'deflate' ? row.contentEncoding : 'identity';
  const answer = await grpcExport(address, row.signal ?? 'traces', bytes, { compression });
  return {
    rpc: answer.code,
    rejected: answer.code === 0 ? rejectedInProtobuf(row.signal ?? 'traces', answer.response!) : null,
    retryAfter: answer.retryDelaySeconds,
  };
}

function expect(row: Row, door: string, got: Answer): void {
  const want = OTLP_OUTCOMES[row.outcome];
  const where = `${row.name} via ${door}`;
  if (got.http !== undefined) assert.equal(got.http, want.http, `${where}: HTTP status`);
  assert.equal(got.rpc, want.rpc, `${where}: rpc code`);
  if (row.rejected !== undefined) assert.equal(got.rejected, row.rejected, `${where}: rejected`);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('the same inputs get the same answers over HTTP, gRPC and the relay', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null, maxBodyBytes: CAP });
  const upstream = await startUpstream();
  const relay = createRelay({
    allowedOrigins: [APP],
    forward: { url: upstream.url, headers: {}, stripContent: false, target: upstream.url },
    maxBodyBytes: CAP,
    forwarderOptions: { batchDelayMs: 1, initialBackoffMs: 5 },
  });
  const relayServer = createServer(toNodeHandler(relay));
  const relayUrl = await listen(relayServer);
  const grpcAddress = viewer.grpcUrl!.replace('http://', '');
  try {
    for (const row of ROWS) {
      const doors = row.doors ?? ['http', 'grpc', 'relay'];
      const signal = row.signal ?? 'traces';
      if (doors.includes('http')) expect(row, 'viewer HTTP', await viaHttp(`${viewer.url}v1/${signal}`, row));
      if (doors.includes('grpc')) expect(row, 'viewer gRPC', await viaGrpc(grpcAddress, row));
      if (doors.includes('relay')) expect(row, 'relay', await viaHttp(`${relayUrl}/otlp/v1/traces`, row, APP));
    }
    // What was accepted was kept: the rows re-send the same spans, the 2 of `good` and the valid one of `partial`.
    const health = (await httpRequest(`${viewer.url}api/health`)).json();
    assert.equal(health.spans, 3, JSON.stringify(health));
    // logs: 3 records (2 GenAI events, 1 other) and 2 GenAI events (1 with a bad span id) through each of the two doors.
    assert.deepEqual(health.logs, { stored: 2 * (2 + 1), droppedNotGenAi: 2, droppedNoTraceContext: 2 });
  } finally {
    relayServer.closeAllConnections();
    await new Promise((r) => relayServer.close(r));
    await relay.close(0);
    await upstream.close();
    await viewer.close();
  }
});

test('an overloaded store: 503 with Retry-After over HTTP, UNAVAILABLE with RetryInfo over gRPC, from one error', async () => {
  let busy = true;
  const taken: number[] = [];
  const accept = (_signal: OtlpSignal, request: Uint8Array) => {
    if (busy) throw new OtlpOverloadedError('the store is catching up', 3);
    taken.push(request.length);
    return { rejected: 0 };
  };
  const http = createServer((req, res) => void handleOtlp(req, res, 'traces', { maxBodyBytes: CAP, accept }));
  const url = await listen(http);
  const grpcReceiver = await startGrpcReceiver({ host: '127.0.0.1', port: 0, maxBodyBytes: CAP, allowedHosts: [], accept });
  try {
    for (const contentType of [PROTO, JSON_TYPE]) {
      const body = contentType === PROTO ? tracesProto(good) : JSON.stringify(good);
      const row: Row = { name: `overloaded ${contentType}`, contentType, body, outcome: 'unavailable' };
      const got = await viaHttp(`${url}/v1/traces`, row);
      expect(row, 'HTTP', got);
      assert.equal(got.retryAfter, 3);
    }
    const row: Row = { name: 'overloaded', contentType: PROTO, body: tracesProto(good), outcome: 'unavailable' };
    const got = await viaGrpc(grpcReceiver.url.replace('http://', ''), row);
    expect(row, 'gRPC', got);
    assert.equal(got.rpc, RpcCode.UNAVAILABLE);
    assert.equal(got.retryAfter, 3);
    assert.equal(taken.length, 0);
    busy = false;
    expect({ ...row, outcome: 'accepted' }, 'gRPC after', await viaGrpc(grpcReceiver.url.replace('http://', ''), row));
    assert.equal(taken.length, 1);
  } finally {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    await grpcReceiver.close();
  }
});
