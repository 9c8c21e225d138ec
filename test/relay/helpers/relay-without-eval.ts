// Run with --disallow-code-generation-from-strings (as edge runtimes forbid eval): prints what the relay did.
import { createRelay } from '../../../lib/relay.js';
import { createServer } from 'node:http';
let got = '';
const up = createServer((req, res) => { got = String(req.headers['content-type']); req.resume(); req.on('end', () => res.end()); });
await new Promise<void>((r) => up.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(up.address() as any).port}/v1/traces`;
const relay = createRelay({ allowedOrigins: ['https://a.example'], forward: { url, headers: {}, stripContent: false, target: url }, flushBeforeResponse: true });
const span = { traceId: '0123456789abcdef0123456789abcdef', spanId: '0123456789abcdef', name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' };
const res = await relay(new Request('http://x/', { method: 'POST', headers: { origin: 'https://a.example', 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }) }));
console.log('json in', res.status, 'upstream content-type', got, JSON.stringify(relay.status()));
const res2 = await relay(new Request('http://x/', { method: 'POST', headers: { origin: 'https://a.example', 'content-type': 'application/x-protobuf' }, body: new Uint8Array([10, 0]) }));
console.log('protobuf in', res2.status, await res2.text());
await relay.close(0); up.close();
