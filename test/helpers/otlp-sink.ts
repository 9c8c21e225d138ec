// A real OTLP/HTTP receiver for tests: accepts JSON and protobuf (optionally gzip) on POST /v1/traces, answers CORS
// preflights for browser exporters, and hands back spans in one flat, decoded shape.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';

/** One received span with decoded ids, attributes as plain values, and its resource attributes. */
export interface SinkSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Record<string, unknown>;
  events: Array<{ name: string; timeUnixNano: string; attributes: Record<string, unknown> }>;
  status: { code: number; message?: string };
  resource: Record<string, unknown>;
  scope: { name: string; version?: string };
}

/** A running sink. */
export interface OtlpSink {
  /** `http://127.0.0.1:<port>/v1/traces` */
  url: string;
  /** Every span received so far, in arrival order. */
  spans(): SinkSpan[];
  /** Content types of the export requests received. */
  contentTypes(): string[];
  /** Resolves once at least `n` spans arrived (rejects after `timeoutMs`, default 10 s). */
  waitForSpans(n: number, timeoutMs?: number): Promise<SinkSpan[]>;
  close(): Promise<void>;
}

const PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope { string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
  uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Link { bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4; uint32 dropped_attributes_count = 5; fixed32 flags = 6; }
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const requestType = protobuf.parse(PROTO).root.lookupType('otlp.ExportTraceServiceRequest');

/**
 * Starts a sink on 127.0.0.1 with an OS-chosen port.
 *
 * @example
 * const sink = await createOtlpSink();
 * init({ endpoint: sink.url, exportMode: 'immediate' });
 * const [span] = await sink.waitForSpans(1);
 * await sink.close();
 */
export async function createOtlpSink(): Promise<OtlpSink> {
  const received: SinkSpan[] = [];
  const types: string[] = [];
  let waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      res.statusCode = 400;
      res.end(String(error));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-headers', req.headers['access-control-request-headers'] ?? 'content-type');
      res.setHeader('access-control-allow-methods', 'POST, OPTIONS');
    }
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/traces')) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    const type = String(req.headers['content-type'] ?? '');
    types.push(type);
    const spans = type.includes('protobuf') ? fromProtobuf(body) : fromJson(JSON.parse(body.toString('utf8')));
    received.push(...spans);
    res.statusCode = 200;
    res.setHeader('content-type', type.includes('protobuf') ? 'application/x-protobuf' : 'application/json');
    res.end(type.includes('protobuf') ? Buffer.alloc(0) : '{}');
    const current = waiters;
    waiters = [];
    for (const wake of current) wake();
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    spans: () => [...received],
    contentTypes: () => [...types],
    waitForSpans(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${n} spans, got ${received.length}`)), timeoutMs);
        const check = () => {
          if (received.length >= n) {
            clearTimeout(timer);
            resolve([...received]);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Json = Record<string, any>;

// OTLP JSON carries ids as hex strings already.
function fromJson(body: Json): SinkSpan[] {
  return flatten(body, (v) => String(v ?? ''));
}

function fromProtobuf(buf: Buffer): SinkSpan[] {
  const message = requestType.decode(buf);
  return flatten(requestType.toObject(message, { longs: String, bytes: Array, defaults: false, arrays: true }) as Json, hex);
}

/** The spans of an export request (JSON or decoded protobuf, same field names), ids read with `id`. */
function flatten(body: Json, id: (v: unknown) => string): SinkSpan[] {
  const out: SinkSpan[] = [];
  for (const rs of body.resourceSpans ?? []) {
    const resource = attrs(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) out.push(toSpan(s, resource, ss.scope, id));
    }
  }
  return out;
}

function toSpan(s: Json, resource: Record<string, unknown>, scope: Json | undefined, id: (v: unknown) => string): SinkSpan {
  return {
    traceId: id(s.traceId),
    spanId: id(s.spanId),
    parentSpanId: s.parentSpanId ? id(s.parentSpanId) : '',
    name: s.name,
    kind: Number(s.kind ?? 0),
    startTimeUnixNano: String(s.startTimeUnixNano),
    endTimeUnixNano: String(s.endTimeUnixNano),
    attributes: attrs(s.attributes),
    events: (s.events ?? []).map((e: Json) => ({ name: e.name, timeUnixNano: String(e.timeUnixNano), attributes: attrs(e.attributes) })),
    status: { code: Number(s.status?.code ?? 0), message: s.status?.message || undefined },
    resource,
    scope: { name: scope?.name ?? '', version: scope?.version },
  };
}

function hex(v: unknown): string {
  if (!v) return '';
  return Buffer.from(v as number[]).toString('hex');
}

function attrs(list: Json[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = anyValue(kv.value);
  return out;
}

function anyValue(v: Json | undefined): unknown {
  if (!v) return undefined;
  if ('stringValue' in v) return v.stringValue;
  if ('boolValue' in v) return v.boolValue;
  if ('intValue' in v) return Number(v.intValue);
  if ('doubleValue' in v) return Number(v.doubleValue);
  if ('arrayValue' in v) return (v.arrayValue?.values ?? []).map(anyValue);
  if ('kvlistValue' in v) return attrs(v.kvlistValue?.values);
  return undefined;
}
