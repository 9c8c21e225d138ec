// Run with --disallow-code-generation-from-strings (as edge runtimes forbid eval): prints what the relay did.
import { createRelay } from '../../lib/relay.js';
import { decodeTraceRequestProtobuf } from '../../lib/forward/decode-otlp-protobuf.js';
import { encodeTraceRequestProtobuf } from '../../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../../lib/forward/read-otlp-json.js';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
const got: string[] = [];
const up = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // The upstream decodes without eval too: the interpreted decoder reads what the interpreted encoder wrote.
    const request = decodeTraceRequestProtobuf(Buffer.concat(chunks));
    const span = request.resourceSpans[0].scopeSpans[0].spans[0];
    got.push(`${req.headers['content-type']} ${span.name} ${span.startTimeUnixNano} ${span.attributes[0]?.value.intValue}`);
    res.end();
  });
});
await new Promise<void>((r) => up.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(up.address() as any).port}/v1/traces`;
const relay = createRelay({ allowedOrigins: ['https://a.example'], forward: { url, headers: {}, stripContent: false, target: url }, flushBeforeResponse: true });
const span = (name: string) => ({
  traceId: '0123456789abcdef0123456789abcdef', spanId: '0123456789abcdef', name,
  startTimeUnixNano: '1700000000123456789', endTimeUnixNano: '1700000000223456789',
  attributes: [{ key: 'big', value: { intValue: '9007199254740993' } }],
});
const body = (name: string) => ({ resourceSpans: [{ scopeSpans: [{ spans: [span(name)] }] }] });
const res = await relay(new Request('http://x/', { method: 'POST', headers: { origin: 'https://a.example', 'content-type': 'application/json' }, body: JSON.stringify(body('from-json')) }));
console.log('json in', res.status, JSON.stringify(relay.status()));
const proto = gzipSync(encodeTraceRequestProtobuf(readTraceRequestJson(body('from-protobuf')).request));
const res2 = await relay(new Request('http://x/', { method: 'POST', headers: { origin: 'https://a.example', 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' }, body: proto }));
console.log('protobuf in', res2.status, res2.headers.get('content-type'), (await res2.arrayBuffer()).byteLength);
const res3 = await relay(new Request('http://x/', { method: 'POST', headers: { origin: 'https://a.example', 'content-type': 'application/x-protobuf' }, body: new Uint8Array([10, 5, 1]) }));
console.log('truncated protobuf in', res3.status, res3.headers.get('content-type'));
console.log('upstream got:', JSON.stringify(got));
await relay.close(0); up.close();
