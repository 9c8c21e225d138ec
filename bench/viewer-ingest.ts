// Viewer ingest: OTLP spans/s over HTTP (protobuf and JSON) next to the raw decode speed of the same payloads, and
// the resident memory of a real `tracelight` process after ingesting one million spans. Prints figures, asserts nothing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { encodeTraceRequestProtobuf } from '../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../lib/forward/read-otlp-json.js';
import { decodeTraceBody, type OtlpEncoding } from '../lib/forward/decode-trace-body.js';
import { countSpans } from '../lib/forward/otlp-types.js';
import { createViewerServer } from '../viewer/server/create-viewer-server.js';

const SPANS_PER_BATCH = 1000;
const SPANS_PER_TRACE = 10;

/** A batch of small spans (HTTP-ish, 6 attributes, 10 per trace) whose trace ids can be renewed cheaply. */
function makeTemplate() {
  const now = BigInt(Date.now()) * 1_000_000n;
  const traceIds: string[] = [];
  const spans = [];
  for (let i = 0; i < SPANS_PER_BATCH; i++) {
    if (i % SPANS_PER_TRACE === 0) traceIds.push(Array.from({ length: 32 }, () => 'abcdef'[Math.floor(Math.random() * 6)]).join(''));
    const traceId = traceIds[traceIds.length - 1];
    spans.push({
      traceId,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i % SPANS_PER_TRACE === 0 ? '' : (i - (i % SPANS_PER_TRACE) + 1).toString(16).padStart(16, '0'),
      name: i % SPANS_PER_TRACE === 0 ? 'GET /api/items' : 'db.query',
      kind: 2,
      startTimeUnixNano: String(now + BigInt(i) * 1000n),
      endTimeUnixNano: String(now + BigInt(i) * 1000n + 500_000n),
      attributes: [
        { key: 'http.request.method', value: { stringValue: 'GET' } },
        { key: 'url.path', value: { stringValue: '/api/items' } },
        { key: 'http.response.status_code', value: { intValue: '200' } },
        { key: 'server.address', value: { stringValue: 'localhost' } },
        { key: 'db.system', value: { stringValue: 'postgresql' } },
        { key: 'sampled', value: { boolValue: true } },
      ],
      events: [],
      links: [],
      status: { code: 0 },
    });
  }
  const body = {
    resourceSpans: [
      { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] }, scopeSpans: [{ scope: { name: 'bench' }, spans }] },
    ],
  };
  const json = JSON.stringify(body);
  const proto = Buffer.from(encodeTraceRequestProtobuf(readTraceRequestJson(body).request));
  const protoOffsets = traceIds.flatMap((id) => {
    const needle = Buffer.from(id, 'hex');
    const out: number[] = [];
    for (let at = proto.indexOf(needle); at >= 0; at = proto.indexOf(needle, at + 1)) out.push(at);
    return out;
  });
  const jsonParts = json.split(new RegExp(traceIds.join('|')));
  const jsonOrder = [...json.matchAll(new RegExp(traceIds.join('|'), 'g'))].map((m) => traceIds.indexOf(m[0]));
  let counter = 0;
  return {
    /** A fresh batch: same spans, new trace ids (so the store keeps them all). */
    next(kind: OtlpEncoding): Buffer {
      counter++;
      const prefix = counter.toString(16).padStart(8, '0');
      if (kind === 'protobuf') {
        const copy = Buffer.from(proto);
        for (const at of protoOffsets) copy.write(prefix, at, 4, 'hex');
        return copy;
      }
      let out = jsonParts[0];
      for (let i = 0; i < jsonOrder.length; i++) out += prefix + traceIds[jsonOrder[i]].slice(8) + jsonParts[i + 1];
      return Buffer.from(out);
    },
  };
}

function decodeRate(kind: OtlpEncoding, template: ReturnType<typeof makeTemplate>, seconds = 1.5): number {
  const payloads = Array.from({ length: 20 }, () => template.next(kind));
  let spans = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const p of payloads) {
      const { request } = decodeTraceBody(p, kind);
      spans += countSpans(request);
    }
  }
  return spans / ((performance.now() - start) / 1000);
}

async function postAll(url: string, kind: OtlpEncoding, batches: number, template: ReturnType<typeof makeTemplate>, concurrency = 4) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  let sent = 0;
  const worker = async () => {
    while (sent < batches) {
      sent++;
      const body = template.next(kind);
      await new Promise<void>((resolve, reject) => {
        const req = request(
          { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
            headers: { 'content-type': kind === 'protobuf' ? 'application/x-protobuf' : 'application/json', 'content-length': body.length } },
          (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return (batches * SPANS_PER_BATCH) / seconds;
}

function rssOf(pid: number, field = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))![1]) * 1024;
}

async function millionSpansRss(template: ReturnType<typeof makeTemplate>) {
  const built = join(process.cwd(), 'dist/viewer/cli.js');
  const args = existsSync(built) ? [built] : ['--import', 'tsx', join(process.cwd(), 'viewer/server/cli.ts')];
  const child = spawn(process.execPath, [...args, '--port', '0'], { env: { ...process.env, TRACELIGHT_FORWARD: '' } });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/OTLP:\s+(\S+)/);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`tracelight exited ${code}`)));
    });
    const rate = await postAll(url, 'protobuf', 1_000_000 / SPANS_PER_BATCH, template);
    const rssAtEnd = rssOf(child.pid!);
    // V8's memory reducer compacts the heap once allocation stops; this is the steady figure a user sees.
    await new Promise((r) => setTimeout(r, 8000));
    const health = await (await fetch(url.replace('/v1/traces', '/api/health'))).json();
    return { rate, rssAtEnd, rss: rssOf(child.pid!), peak: rssOf(child.pid!, 'VmHWM'), health };
  } finally {
    child.kill('SIGKILL');
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const k = (n: number) => `${Math.round(n).toLocaleString('en-US')}`;

/** Runs the ingest benchmark and prints a table. */
export async function run(): Promise<void> {
  const template = makeTemplate();
  console.log(`payload: ${SPANS_PER_BATCH} small spans per request (${SPANS_PER_TRACE} per trace, 6 attributes each)`);
  console.log(`  protobuf ${template.next('protobuf').length} bytes, JSON ${template.next('json').length} bytes per request`);
  const rows: Array<[string, string, string]> = [];
  for (const kind of ['protobuf', 'json'] as const) {
    const decode = decodeRate(kind, template);
    // Budget big enough to keep everything: measures ingest, not eviction.
    const viewer = await createViewerServer({ port: 0, forward: null, maxMemoryBytes: 4 * 1024 ** 3 });
    await postAll(viewer.otlpUrl, kind, 20, template); // warm-up
    const http = await postAll(viewer.otlpUrl, kind, 200, template);
    await viewer.close();
    rows.push([kind, k(http), k(decode)]);
  }
  console.log('\n| encoding | ingest over HTTP (spans/s) | decode + normalize only (spans/s) |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);

  const million = await millionSpansRss(template);
  console.log(`\none million spans into a real \`tracelight\` process (default --max-memory 256 MB for the whole process, protobuf, 4 clients):`);
  console.log(
    `  ingest ${k(million.rate)} spans/s; RSS right at the end: ${mb(million.rssAtEnd)}, 8 s later: ${mb(million.rss)}, ` +
      `peak: ${mb(million.peak)} (budget ${mb(million.health.memory.budget)})`,
  );
  console.log(
    `  store: ${k(million.health.spans)} spans held, ${k(million.health.droppedSpans)} evicted, ` +
      `using ${mb(million.health.bytes)} of the ${mb(million.health.maxBytes)} the budget leaves it; ` +
      `JS heap ${mb(million.health.memory.heapUsed)} used of ${mb(million.health.memory.heapTotal)}, buffers ${mb(million.health.memory.external)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
