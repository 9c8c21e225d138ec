// A child process serving an OpenAI-like API on 127.0.0.1 for the loopback benchmark, so its CPU is not counted in
// the measuring process: `/2k/v1/chat/completions` and `/20k/...` answer a 2 KB / 20 KB completion (or a stream of
// `x-bench-events` SSE events when the body asks to stream, one write per event), `/v1/traces` takes OTLP and drops
// it. Prints `{"port":N}` when listening; exits when its parent's stdin closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatCompletion, chatStreamEvents } from './bench-payloads.js';

const completions: Record<string, Buffer> = { '2k': Buffer.from(chatCompletion(2048)), '20k': Buffer.from(chatCompletion(20480)) };
const streams = new Map<number, Buffer[]>();
const eventsOf = (n: number) => {
  let events = streams.get(n);
  if (!events) streams.set(n, (events = chatStreamEvents(n).map((e) => Buffer.from(e))));
  return events;
};

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const url = req.url ?? '/';
    if (url === '/v1/traces') {
      res.writeHead(200, { 'content-type': String(req.headers['content-type'] ?? 'application/json') });
      res.end(String(req.headers['content-type']).includes('json') ? '{}' : '');
      return;
    }
    const size = /^\/(2k|20k)\/v1\/chat\/completions$/.exec(url)?.[1];
    if (!size) {
      res.writeHead(404).end();
      return;
    }
    const body = Buffer.concat(chunks);
    if (body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      const events = eventsOf(Number(req.headers['x-bench-events'] ?? 200));
      // One write per event, each in its own turn of the event loop, as a model server emits them: the client gets
      // (mostly) one chunk per event rather than a few coalesced ones.
      // `x-bench-first-gap-ms`: a pause after the first event, as a model's first token comes alone, so what the
      // client spends up to its first chunk is not mixed with the work of receiving the ones behind it.
      const gap = Number(req.headers['x-bench-first-gap-ms'] ?? 0);
      let i = 0;
      const next = () => {
        if (i === events.length) return void res.end();
        res.write(events[i++]!);
        if (i === 1 && gap > 0) setTimeout(next, gap);
        else setImmediate(next);
      };
      next();
      return;
    }
    const out = completions[size]!;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': out.byteLength });
    res.end(out);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: (server.address() as AddressInfo).port }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
