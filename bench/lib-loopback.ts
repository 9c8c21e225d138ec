// What tracing costs where users pay it: real HTTP on loopback (undici responses, a server in another process so its
// CPU is not counted), realistic payloads (a 2 KB and a 20 KB completion, 200- and 20-event streams), CPU and wall
// per call against bare fetch in alternating blocks within one process, with the real OTLP exporter (protobuf, to a
// loopback receiver that drops what it gets) and with a discarding one. A hand-written floor (`helpers/floor-tracer.ts`:
// one parse, one serialization, one span, on the same OTel SDK) runs the same raw calls, so the library's added CPU
// can be told apart from what any span costs here. OpenLLMetry's `@traceloop/node-server-sdk`
// is measured on the same openai SDK calls the same way: its instrumentation wraps the SDK's `create` (shimmer keeps
// the original on `__original`), so its blocks alternate between the wrapped and the original method.
// `node --import tsx bench/lib-loopback.ts`; figures only, nothing asserted.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { chatRequestBody } from './helpers/bench-payloads.js';
import { floorJsonCall, floorSseCall } from './helpers/floor-tracer.js';

const SELF = fileURLToPath(import.meta.url);
// Few long blocks rather than many short ones: a block of ~0.4 s holds dozens of minor GCs, so the garbage one side
// makes is mostly collected in its own block (with 200-call blocks a scavenge caused by one side often landed in the
// other's, and the same build measured anywhere from +90 to +165 us).
const ROUNDS = 12;

type Sample = { cpuUs: number; wallUs: number; firstCpuUs?: number; firstWallUs?: number };
/** Median per-call figures of one operation: bare, traced, and the median of the paired block differences. */
export interface OpFigures {
  bare: Sample;
  traced: Sample;
  added: Sample;
}
export type LoopbackResult = Record<string, OpFigures>;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

type Op = () => Promise<{ firstCpuUs?: number; firstWallUs?: number } | unknown>;

// Exports the spans a block made before its clock stops (`flush` of the tracer under test; a no-op after a bare block).
// Otherwise the batch processor exports when its batch fills or its timer fires, in whichever block or first-chunk
// window is running then: a traced block's export cost could land in a bare block (making tracing look cheaper) or in
// the few milliseconds before a stream's first chunk (making that look dearer).
let flushSpans: () => Promise<unknown> = () => Promise.resolve();

async function block(fn: Op, calls: number): Promise<Sample> {
  await flushSpans(); // whatever the previous block left is not this one's
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let firstCpu = 0;
  let firstWall = 0;
  for (let i = 0; i < calls; i++) {
    const r = (await fn()) as { firstCpuUs?: number; firstWallUs?: number } | undefined;
    if (r && typeof r === 'object' && 'firstCpuUs' in r) {
      firstCpu += r.firstCpuUs!;
      firstWall += r.firstWallUs!;
    }
  }
  await flushSpans();
  const wall = (performance.now() - t0) * 1000;
  const cpu = process.cpuUsage(cpu0);
  const sample: Sample = { cpuUs: (cpu.user + cpu.system) / calls, wallUs: wall / calls };
  if (firstWall) Object.assign(sample, { firstCpuUs: firstCpu / calls, firstWallUs: firstWall / calls });
  return sample;
}

/** Alternates blocks of `bare` and `traced` (order flipped every round, against drift); medians per call. */
async function measure(bare: Op, traced: Op, calls: number): Promise<OpFigures> {
  for (let i = 0; i < Math.max(20, calls); i++) {
    await bare();
    await traced();
  }
  const rows: Array<{ bare: Sample; traced: Sample }> = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (r % 2) {
      const b = await block(bare, calls);
      rows.push({ bare: b, traced: await block(traced, calls) });
    } else {
      const t = await block(traced, calls);
      rows.push({ traced: t, bare: await block(bare, calls) });
    }
  }
  const keys = Object.keys(rows[0]!.bare) as Array<keyof Sample>;
  const pick = (f: (row: { bare: Sample; traced: Sample }) => Sample) =>
    Object.fromEntries(keys.map((k) => [k, median(rows.map((row) => f(row)[k]!))])) as Sample;
  const diff = Object.fromEntries(keys.map((k) => [k, median(rows.map((row) => row.traced[k]! - row.bare[k]!))])) as Sample;
  return { bare: pick((r) => r.bare), traced: pick((r) => r.traced), added: diff };
}

type TracerKind = 'tracelight' | 'traceloop' | 'floor';

async function child(tracer: TracerKind, exporterKind: 'discard' | 'otlp', port: number): Promise<LoopbackResult> {
  const base = `http://127.0.0.1:${port}`;
  const discard = {
    export: (_spans: unknown[], done: (r: { code: number }) => void) => done({ code: 0 }),
    shutdown: () => Promise.resolve(),
    forceFlush: () => Promise.resolve(),
  };
  const rawFetch = globalThis.fetch;
  const OpenAI = (await import('openai')).default;
  const messages = JSON.parse(chatRequestBody(false)).messages;
  const out: LoopbackResult = {};
  const jsonInit = () => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' }, body: chatRequestBody(false) });
  const sseInit = (events: number) => ({
    method: 'POST',
    // The first event comes alone (2 ms before the rest, as a model's first token does), so the CPU counted up to
    // the first chunk is that of getting it, not of receiving the events queued behind it.
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'x-bench-events': String(events), 'x-bench-first-gap-ms': '2' },
    body: chatRequestBody(true),
  });
  const readStream = (f: typeof fetch, url: string, init: RequestInit) => async () => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const reader = (await f(url, init)).body!.getReader();
    await reader.read();
    const firstWallUs = (performance.now() - t0) * 1000;
    const cpu = process.cpuUsage(cpu0);
    while (!(await reader.read()).done) {
      // read to the end, as a caller does
    }
    return { firstCpuUs: cpu.user + cpu.system, firstWallUs };
  };
  if (tracer === 'floor') {
    const { NodeTracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-node');
    const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard as never)] });
    const spans = provider.getTracer('floor');
    flushSpans = () => provider.forceFlush();
    for (const size of ['2k', '20k']) {
      const init = jsonInit();
      const url = `${base}/${size}/v1/chat/completions`;
      out[`fetch + json(), ${size === '2k' ? 2 : 20} KB completion`] = await measure(() => rawFetch(url, init).then((r) => r.json()), floorJsonCall(spans, rawFetch, url, init), size === '2k' ? 1000 : 500);
    }
    for (const events of [200, 20]) {
      const init = sseInit(events);
      const url = `${base}/2k/v1/chat/completions`;
      out[`SSE stream, ${events} events`] = await measure(readStream(rawFetch, url, init), floorSseCall(spans, rawFetch, url, init), events === 200 ? 40 : 150);
    }
    await provider.shutdown();
  } else if (tracer === 'tracelight') {
    const lib = (await import('../dist/lib/node.js')) as typeof import('../lib/node.js');
    lib.init(exporterKind === 'discard' ? { exporter: discard as never, patchFetch: false } : { endpoint: `${base}/v1/traces`, patchFetch: false });
    const traced = lib.wrapFetch(rawFetch);
    flushSpans = lib.flush;
    const json = (size: string) => {
      const init = jsonInit();
      const url = `${base}/${size}/v1/chat/completions`;
      return [() => rawFetch(url, init).then((r) => r.json()), () => traced(url, init).then((r) => r.json())] as const;
    };
    const sse = (events: number) => {
      const init = sseInit(events);
      const url = `${base}/2k/v1/chat/completions`;
      return [readStream(rawFetch, url, init), readStream(traced, url, init)] as const;
    };
    out['fetch + json(), 2 KB completion'] = await measure(...json('2k'), 1000);
    out['fetch + json(), 20 KB completion'] = await measure(...json('20k'), 500);
    out['SSE stream, 200 events'] = await measure(...sse(200), 40);
    out['SSE stream, 20 events'] = await measure(...sse(20), 150);
    const bareClient = new OpenAI({ apiKey: 'sk-bench', baseURL: `${base}/2k/v1`, fetch: rawFetch, maxRetries: 0 });
    const tracedClient = new OpenAI({ apiKey: 'sk-bench', baseURL: `${base}/2k/v1`, fetch: traced, maxRetries: 0 });
    const create = (client: InstanceType<typeof OpenAI>) => () => client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.3, max_tokens: 1024 });
    out['openai chat.completions.create, 2 KB'] = await measure(create(bareClient), create(tracedClient), 750);
    const stream = (client: InstanceType<typeof OpenAI>) => async () => {
      const s = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
      for await (const _ of s) {
        // consume
      }
    };
    out['openai stream, 200 events'] = await measure(stream(bareClient), stream(tracedClient), 40);
    await lib.shutdown();
  } else {
    const traceloop = await import('@traceloop/node-server-sdk');
    traceloop.initialize({
      appName: 'bench',
      ...(exporterKind === 'discard' ? { exporter: discard as never } : { baseUrl: base, apiKey: 'bench' }),
      instrumentModules: { openAI: OpenAI as never },
      silenceInitializationMessage: true,
      traceloopSyncEnabled: false,
    });
    flushSpans = () => traceloop.forceFlush?.() ?? Promise.resolve();
    const proto = (OpenAI as unknown as { Chat: { Completions: { prototype: { create: Function & { __original?: Function } } } } }).Chat.Completions.prototype;
    const wrapped = proto.create;
    const original = wrapped.__original;
    if (!original) throw new Error('the Traceloop SDK did not wrap chat.completions.create');
    const client = new OpenAI({ apiKey: 'sk-bench', baseURL: `${base}/2k/v1`, maxRetries: 0 });
    const withCreate = (fn: Function, op: () => Promise<unknown>) => async () => {
      proto.create = fn as typeof wrapped;
      try {
        return await op();
      } finally {
        proto.create = wrapped;
      }
    };
    const create = () => client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.3, max_tokens: 1024 });
    out['openai chat.completions.create, 2 KB'] = await measure(withCreate(original, create), withCreate(wrapped, create), 750);
    const stream = async () => {
      const s = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
      for await (const _ of s) {
        // consume
      }
    };
    out['openai stream, 200 events'] = await measure(withCreate(original, stream), withCreate(wrapped, stream), 40);
    await traceloop.forceFlush?.();
  }
  return out;
}

/** Starts the loopback server child; resolves with its port and a stop function. */
async function startServer(): Promise<{ port: number; stop: () => void }> {
  const server = spawn(process.execPath, ['--import', 'tsx', resolve(SELF, '../helpers/loopback-llm-server.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done, fail) => {
    server.stdout!.once('data', (d) => done(JSON.parse(String(d)).port));
    server.once('exit', (code) => fail(new Error(`loopback server exited (${code})`)));
  });
  return { port, stop: () => server.stdin!.end() };
}

function runChild(args: string[]): Promise<LoopbackResult | { error: string }> {
  return new Promise((done) => {
    const c = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('exit', () => {
      const line = out.trim().split('\n').reverse().find((l) => l.startsWith('{'));
      done(line ? JSON.parse(line) : { error: (err || out).trim().split('\n').slice(-3).join(' ') });
    });
  });
}

/** Every configuration, each in its own process; returns `{ "<tracer> <exporter>": figures }`. */
export async function measureLoopback(): Promise<Record<string, LoopbackResult | { error: string }>> {
  const server = await startServer();
  const results: Record<string, LoopbackResult | { error: string }> = {};
  try {
    for (const tracer of ['tracelight', 'traceloop']) {
      for (const exporterKind of ['discard', 'otlp']) {
        results[`${tracer} ${exporterKind}`] = await runChild([tracer, exporterKind, String(server.port)]);
      }
    }
    results['floor discard'] = await runChild(['floor', 'discard', String(server.port)]);
  } finally {
    server.stop();
  }
  return results;
}

const us = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '-' : v.toFixed(digits));
const plus = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`);

/** Prints the loopback tables (one per exporter) and the derived aims. */
export function printLoopback(results: Record<string, LoopbackResult | { error: string }>): void {
  for (const [name, r] of Object.entries(results)) if ('error' in r) console.log(`${name} failed: ${r.error}`);
  for (const exporterKind of ['discard', 'otlp']) {
    const ours = results[`tracelight ${exporterKind}`];
    const theirs = results[`traceloop ${exporterKind}`];
    if (!ours || 'error' in ours) continue;
    console.log(
      `\nloopback HTTP, ${exporterKind === 'otlp' ? 'real OTLP/protobuf exporter to a loopback receiver' : 'discarding exporter'}; median µs per call over ${ROUNDS} alternating blocks (CPU: user+system of the calling process)`,
    );
    // The floor (the span's own work, hand-written) runs with the discarding exporter only: the exporter's cost is
    // the same whatever made the span.
    const floorRun = exporterKind === 'discard' ? results['floor discard'] : undefined;
    const floor = floorRun && !('error' in floorRun) ? floorRun : undefined;
    const rows: string[][] = [['', 'bare CPU', 'wall', 'tracelight CPU', 'added CPU', 'added wall', 'traceloop added CPU', 'added wall', 'floor added CPU']];
    for (const [op, f] of Object.entries(ours)) {
      const t = theirs && !('error' in theirs) ? theirs[op] : undefined;
      const fl = floor?.[op];
      rows.push([op, us(f.bare.cpuUs), us(f.bare.wallUs), us(f.traced.cpuUs), plus(f.added.cpuUs), plus(f.added.wallUs), t ? plus(t.added.cpuUs) : 'n/a', t ? plus(t.added.wallUs) : '', fl ? plus(fl.added.cpuUs) : '']);
    }
    const perEvent = (r: LoopbackResult | undefined) => {
      const s200 = r?.['SSE stream, 200 events'];
      const s20 = r?.['SSE stream, 20 events'];
      return s200 && s20 ? { cpu: (s200.added.cpuUs - s20.added.cpuUs) / 180, wall: (s200.added.wallUs - s20.added.wallUs) / 180, s200 } : undefined;
    };
    const ev = perEvent(ours);
    const floorEv = perEvent(floor);
    if (ev) {
      const { s200 } = ev;
      rows.push(['SSE per event (200 vs 20 events)', us(s200.bare.cpuUs / 200, 2), '', '', plus(ev.cpu, 2), plus(ev.wall, 2), '', '', floorEv ? plus(floorEv.cpu, 2) : '']);
      rows.push(['SSE to the first chunk', us(s200.bare.firstCpuUs), us(s200.bare.firstWallUs), us(s200.traced.firstCpuUs), plus(s200.added.firstCpuUs), plus(s200.added.firstWallUs), '', '', floorEv ? plus(floorEv.s200.added.firstCpuUs) : '']);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
    const sdk = ours['openai chat.completions.create, 2 KB'];
    const peer = theirs && !('error' in theirs) ? theirs['openai chat.completions.create, 2 KB'] : undefined;
    if (sdk && peer) {
      console.log(`openai SDK call: tracelight adds ${(sdk.added.cpuUs / peer.added.cpuUs).toFixed(2)}× the CPU traceloop adds (aim <= 0.25)`);
      // Traceloop's blocks alternate in one process whose AsyncLocalStorage promise hooks its `context.with` switched
      // on for every promise, untraced calls included: its "added" leaves that tax out. Across processes (noisier):
      console.log(
        `  untraced SDK call CPU in each tracer's process (traceloop's promise hooks are on in its): ${us(sdk.bare.cpuUs)} (tracelight) vs ${us(peer.bare.cpuUs)} (traceloop)`,
      );
      // What each costs over a process with no tracer at all (tracelight's untraced calls run as bare ones do: its
      // wrapper is not on them), across processes: traceloop's traced call against tracelight's untraced one.
      const theirTax = peer.traced.cpuUs - sdk.bare.cpuUs;
      console.log(
        `  across processes, over an untraced process: tracelight +${us(sdk.added.cpuUs)}, traceloop ${plus(theirTax)} µs per call: ${(sdk.added.cpuUs / theirTax).toFixed(2)}× (aim <= 0.25)`,
      );
    }
  }
  console.log('aims (loopback, CPU added): fetch + json() <= 40 µs; SSE <= 1.2 µs per event and <= 25 µs to the first chunk; openai call <= 1/4 of traceloop');
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === SELF;
const childIndex = isMain ? process.argv.indexOf('--child') : -1;
if (childIndex !== -1) {
  const [tracer, exporterKind, port] = process.argv.slice(childIndex + 1);
  child(tracer as TracerKind, exporterKind as 'discard' | 'otlp', Number(port)).then(
    (r) => {
      console.log(JSON.stringify(r));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
} else if (isMain) {
  printLoopback(await measureLoopback());
}
