// The Node exporter's span encoder against OpenTelemetry's own `ProtobufTraceSerializer`, byte for byte: the real
// instrumentation spans of the fixture corpus replayed through the real SDK, edge cases of every field and value
// type, and seeded random spans. Then the exporter itself, posting to a local HTTP server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { SpanKind, SpanStatusCode, TraceFlags, context, trace, createTraceState, type Attributes, type Link } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { createSpansProtobufEncoder } from '../../lib/export/encode-spans-protobuf.js';
import { createNodeOtlpExporter } from '../../lib/platform/node/create-node-otlp-exporter.js';
import { SPAN_FIXTURES, readSpanFixture } from '../helpers/span-fixtures.js';
import { keyValuesToAttributes } from '../../viewer/server/store/attribute-values.js';
import { seededRandom } from '../helpers/seeded-random.js';

function recorder(options: ConstructorParameters<typeof BasicTracerProvider>[0] = {}) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ ...options, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { provider, spans: () => exporter.getFinishedSpans() };
}

function assertSameBytes(spans: ReadableSpan[], label: string): void {
  const theirs = ProtobufTraceSerializer.serializeRequest(spans)!;
  const ours = createSpansProtobufEncoder()(spans);
  assert.equal(ours.length, theirs.length, `${label}: length`);
  const at = ours.findIndex((b, i) => b !== theirs[i]);
  assert.equal(at, -1, `${label}: first differing byte at ${at}`);
}

const nanosToHr = (nanos: string): [number, number] => [Number(BigInt(nanos) / 1_000_000_000n), Number(BigInt(nanos) % 1_000_000_000n)];

test('every span of the fixture corpus, replayed through the SDK, encodes to the bytes OpenTelemetry writes', () => {
  assert.ok(SPAN_FIXTURES.length >= 5);
  for (const name of SPAN_FIXTURES) {
    const request = readSpanFixture(name);
    const all: ReadableSpan[] = [];
    for (const rs of request.resourceSpans) {
      const { provider, spans } = recorder({ resource: resourceFromAttributes(keyValuesToAttributes(rs.resource.attributes) as Attributes) });
      for (const ss of rs.scopeSpans) {
        const tracer = provider.getTracer(ss.scope.name, ss.scope.version || undefined);
        for (const s of ss.spans) {
          const span = tracer.startSpan(s.name, { kind: Math.max(0, s.kind - 1), startTime: nanosToHr(s.startTimeUnixNano), attributes: keyValuesToAttributes(s.attributes) as Attributes });
          for (const e of s.events) span.addEvent(e.name, keyValuesToAttributes(e.attributes) as Attributes, nanosToHr(e.timeUnixNano));
          if (s.status.code) span.setStatus({ code: s.status.code, message: s.status.message || undefined });
          span.end(nanosToHr(s.endTimeUnixNano));
        }
      }
      all.push(...spans());
    }
    assert.ok(all.length > 0, name);
    assertSameBytes(all, name);
  }
});

test('edge cases of every field and value type encode to the same bytes', () => {
  const { provider, spans } = recorder({
    resource: resourceFromAttributes({ 'service.name': 'édge 🚀', big: 2 ** 62, neg: -(2 ** 40), list: ['a', 'b'] }),
    spanLimits: { attributeCountLimit: 40, eventCountLimit: 2, linkCountLimit: 1 },
  });
  const tracer = provider.getTracer('scope-a', '1.0.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
  const other = provider.getTracer('scope-b');
  const remoteParent = trace.setSpanContext(context.active(), {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
    traceState: createTraceState('vendor=x,other=y'),
  });
  const lengths = [0, 1, 126, 127, 128, 129, 16_383, 16_384, 16_385, 300_000];
  const values: Attributes = {
    empty: '',
    ascii: 'hello',
    utf8: 'héllo wörld — 你好 🚀',
    lone: 'a\ud800b', // a lone surrogate: both encoders write U+FFFD
    t: true,
    f: false,
    zero: 0,
    negZero: -0,
    int: 42,
    negInt: -7,
    big: 2 ** 40 + 3,
    pastSafe: 2 ** 60,
    min64: -(2 ** 63),
    max64: 2 ** 63, // one past int64: a double
    double: 0.3,
    nan: NaN,
    inf: Infinity,
    strings: ['a', '', 'é'],
    numbers: [1, 2.5, -3],
    bools: [true, false],
    withHoles: ['x', null as unknown as string, undefined as unknown as string],
  };
  for (const n of lengths) values[`len${n}`] = 'x'.repeat(n);
  values.longUtf8 = 'é'.repeat(70_000);
  for (const kind of [SpanKind.INTERNAL, SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER]) {
    const links: Link[] = [
      { context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.NONE, isRemote: true, traceState: createTraceState('a=b') }, attributes: { 'link.kind': 'follows', n: 3 } },
      { context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4737', spanId: '00f067aa0ba902b8', traceFlags: TraceFlags.SAMPLED } },
    ];
    const span = tracer.startSpan(`span kind ${kind}`, { kind, attributes: values, links }, kind === SpanKind.SERVER ? remoteParent : undefined);
    span.addEvent('first', { 'event.attr': 'x', n: 1 });
    span.addEvent('no attributes');
    span.addEvent('dropped past the limit');
    span.recordException(new Error('boom ✗'));
    span.setStatus(kind === SpanKind.CLIENT ? { code: SpanStatusCode.ERROR, message: 'failed: é' } : { code: SpanStatusCode.OK });
    span.end();
  }
  const child = tracer.startSpan('parent');
  other.startSpan('local child', {}, trace.setSpan(context.active(), child)).end();
  child.end();
  other.startSpan('').end(); // an empty name
  assertSameBytes(spans(), 'edge cases');
  // Two resources in one batch (two providers), in order of first appearance.
  const second = recorder({ resource: resourceFromAttributes({ 'service.name': 'second' }) });
  second.provider.getTracer('z').startSpan('z').end();
  assertSameBytes([spans()[0]!, ...second.spans(), ...spans().slice(1)], 'two resources');
  assertSameBytes([], 'no spans');
  // Values the SDK's sanitizing never lets onto a span, but an exporter may still be handed (a span processor of the
  // app's own may set them): bytes, nested maps, undefined and functions (an empty value).
  const raw = spans()[0]!;
  const odd = Object.assign(Object.create(Object.getPrototypeOf(raw)), raw, {
    attributes: { bytes: new Uint8Array([0, 1, 255]), map: { a: 1, b: { c: ['x', { d: true }] } }, none: undefined, fn: () => 1 },
  }) as ReadableSpan;
  assertSameBytes([odd], 'values past the SDK');
});

test('seeded random spans encode to the same bytes (model check against OpenTelemetry)', () => {
  const rnd = seededRandom(20261205);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const text = () => {
    const n = pick([0, 3, 40, 127, 128, 600, 5000, 20_000]);
    const alphabet = pick(['abc xyz', 'é—你🚀a', '{"role":"user","parts":[]}']);
    let s = '';
    while (s.length < n) s += alphabet[Math.floor(rnd() * alphabet.length)];
    return s.slice(0, n);
  };
  const value = (): Attributes[string] => {
    switch (Math.floor(rnd() * 6)) {
      case 0:
        return text();
      case 1:
        return Math.floor((rnd() - 0.5) * 2 ** Math.floor(rnd() * 63));
      case 2:
        return (rnd() - 0.5) * 1e6;
      case 3:
        return rnd() < 0.5;
      case 4:
        return Array.from({ length: Math.floor(rnd() * 4) }, text);
      default:
        return Array.from({ length: Math.floor(rnd() * 4) }, () => Math.floor(rnd() * 1000));
    }
  };
  for (let round = 0; round < 20; round++) {
    const { provider, spans } = recorder({ resource: resourceFromAttributes({ 'service.name': text(), r: round }) });
    const tracers = [provider.getTracer('a'), provider.getTracer('b', '2.0'), provider.getTracer('c', undefined, { schemaUrl: 'https://x/y' })];
    for (let i = 0; i < 15; i++) {
      const attributes: Attributes = {};
      for (let k = Math.floor(rnd() * 12); k > 0; k--) attributes[`k${Math.floor(rnd() * 30)}.${text().slice(0, 8)}`] = value();
      const span = pick(tracers).startSpan(text().slice(0, 60), { kind: Math.floor(rnd() * 5), attributes, startTime: [1_700_000_000 + Math.floor(rnd() * 1e8), Math.floor(rnd() * 1e9)] });
      if (rnd() < 0.3) span.addEvent(text().slice(0, 20), { x: value() }, [1_800_000_000, Math.floor(rnd() * 1e9)]);
      if (rnd() < 0.2) span.setStatus({ code: SpanStatusCode.ERROR, message: text().slice(0, 50) });
      span.end([1_900_000_000 + Math.floor(rnd() * 1e8), Math.floor(rnd() * 1e9)]);
    }
    assertSameBytes(spans(), `round ${round}`);
  }
});

test('a batch after much bigger ones gets a right-sized buffer, not a view of the big guess', () => {
  const encode = createSpansProtobufEncoder();
  const big = recorder();
  for (let i = 0; i < 20; i++) big.provider.getTracer('t').startSpan('big', { attributes: { content: 'x'.repeat(200_000) } }).end();
  const bigBytes = encode(big.spans());
  assert.ok(bigBytes.length > 20 * 200_000);
  const small = recorder();
  for (let i = 0; i < 20; i++) small.provider.getTracer('t').startSpan('small').end();
  const smallBytes = encode(small.spans());
  assert.deepEqual(smallBytes, ProtobufTraceSerializer.serializeRequest(small.spans()));
  assert.ok(smallBytes.buffer.byteLength <= 2 * smallBytes.length + (64 << 10), `buffer ${smallBytes.buffer.byteLength} for ${smallBytes.length} bytes`);
});

test('the Node exporter posts protobuf with our encoder through OpenTelemetry HTTP transport; JSON stays OpenTelemetry exporter', async () => {
  const bodies: Array<{ type: string | undefined; auth: string | undefined; body: Buffer }> = [];
  let failFirst = true;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failFirst) {
        failFirst = false; // a retryable answer: OpenTelemetry's transport tries again
        res.writeHead(503, { 'retry-after': '0' }).end();
        return;
      }
      bodies.push({ type: req.headers['content-type'], auth: req.headers.authorization, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    const { provider, spans } = recorder();
    const span = provider.getTracer('t').startSpan('chat gpt-4o', { attributes: { 'gen_ai.input.messages': 'é'.repeat(3000) } });
    span.end();
    const exporter = createNodeOtlpExporter({ url: `http://127.0.0.1:${port}/v1/traces`, headers: { Authorization: 'Bearer k' }, protocol: 'http/protobuf' } as never);
    const result = await new Promise<{ code: number }>((done) => exporter.export(spans(), done));
    assert.equal(result.code, 0);
    assert.equal(bodies.length, 1, 'one accepted post after the retried one');
    assert.equal(bodies[0]!.type, 'application/x-protobuf');
    assert.equal(bodies[0]!.auth, 'Bearer k');
    assert.deepEqual(new Uint8Array(bodies[0]!.body), ProtobufTraceSerializer.serializeRequest(spans()));
    await exporter.shutdown();
    const json = createNodeOtlpExporter({ url: `http://127.0.0.1:${port}/v1/traces`, headers: {}, protocol: 'http/json' } as never);
    assert.equal(json.constructor.name, 'OTLPTraceExporter');
    await json.shutdown();
  } finally {
    server.close();
  }
});
