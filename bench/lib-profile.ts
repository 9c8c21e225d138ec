// Profiling harness for the library's per-call cost (not part of `npm run bench`): one process makes calls of one
// kind (`json`, `sse`, `sdk`) against the loopback LLM server in alternating blocks, bare and traced, with the CPU
// profiler running during each block; the blocks' profiles are merged per side and the two sides diffed by self time
// per function, in µs per call. Alternating in one process keeps the machine's noise out of the diff.
// `memory` is `json` against an in-memory fetch (a Response made from the same 2 KB completion, no socket): what is
// left is the library's own work and the GC it causes.
// Environment: `PROFILE=0` CPU and GC figures only (no profiler cost); `LIB_SRC=1` the sources through tsx (no build
// needed; tsx adds a little of its own); `NO_CONTENT=1` capture off; `NO_BSP=1` no export processor; `ABL=identity`
// both sides bare (the harness's own bias, ~0); `ABL=floor` the bare side is `helpers/floor-tracer.ts`; `PROFILE_DIR=dir` keeps each side's last block profile.
// `node --import tsx bench/lib-profile.ts json|sse|sdk|memory 600 10 [discard|otlp] [rows]`
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { chatCompletion, chatRequestBody } from './helpers/bench-payloads.js';

const SELF = fileURLToPath(import.meta.url);
const [kind = 'json', callsArg = '600', roundsArg = '10', exporterKind = 'discard', rowsArg = '50'] = process.argv.slice(2);
const calls = Number(callsArg);
// `PROFILE=0`: CPU figures only, without the profiler's own cost.
const profiling = process.env.PROFILE !== '0';
const rounds = Number(roundsArg);

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const server = spawn(process.execPath, ['--import', 'tsx', resolve(SELF, '../helpers/loopback-llm-server.ts')], { stdio: ['pipe', 'pipe', 'inherit'] });
const port = await new Promise<number>((done) => server.stdout!.once('data', (d) => done(JSON.parse(String(d)).port)));
const base = `http://127.0.0.1:${port}`;
const discard = { export: (_s: unknown[], done: (r: { code: number }) => void) => done({ code: 0 }), shutdown: () => Promise.resolve(), forceFlush: () => Promise.resolve() };
// `LIB_SRC=1`: the library's sources through tsx, so experiments need no build.
const lib = (process.env.LIB_SRC ? await import('../lib/node.js') : await import('../dist/lib/node.js')) as typeof import('../lib/node.js');
lib.init(exporterKind === 'discard' ? { exporter: discard as never, patchFetch: false, ...(process.env.NO_CONTENT ? { captureContent: false } : {}), ...(process.env.NO_BSP ? { spanProcessors: [] } : {}) } : { endpoint: `${base}/v1/traces`, patchFetch: false });
const OpenAI = (await import('openai')).default;
const messages = JSON.parse(chatRequestBody(false)).messages;
const jsonInit = { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' }, body: chatRequestBody(false) };
const sseInit = { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench', 'x-bench-events': '20' }, body: chatRequestBody(true) };

function opFor(f: typeof fetch): () => Promise<unknown> {
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: `${base}/2k/v1`, fetch: f, maxRetries: 0 });
  const ops: Record<string, () => Promise<unknown>> = {
    json: () => f(`${base}/2k/v1/chat/completions`, jsonInit).then((r) => r.json()),
    memory: () => f(`${base}/2k/v1/chat/completions`, jsonInit).then((r) => r.json()),
    sse: async () => {
      const reader = (await f(`${base}/2k/v1/chat/completions`, sseInit)).body!.getReader();
      while (!(await reader.read()).done) {
        // read to the end
      }
    },
    sdk: () => client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.3, max_tokens: 1024 }),
  };
  return ops[kind]!;
}
const completion = chatCompletion(2048);
const memoryFetch = (() => Promise.resolve(new Response(completion, { headers: { 'content-type': 'application/json' } }))) as typeof fetch;
const innerFetch = kind === 'memory' ? memoryFetch : globalThis.fetch;
// `ABL=floor` (json, memory): the bare side is the hand-written floor (one parse, one serialization, one span on the
// same tracer provider), so "added" is what the library costs beyond the span's own work.
const floorTracer = (await import('@opentelemetry/api')).trace.getTracer('floor');
const { floorJsonCall } = await import('./helpers/floor-tracer.js');
const bareSide = process.env.ABL === 'floor' ? floorJsonCall(floorTracer, innerFetch, `${base}/2k/v1/chat/completions`, jsonInit) : opFor(innerFetch);
const sides = { bare: bareSide, traced: opFor(process.env.ABL === 'identity' ? innerFetch : lib.wrapFetch(innerFetch)) };
const self = { bare: new Map<string, number>(), traced: new Map<string, number>() };
const cpu = { bare: 0, traced: 0 };
const perRound = { bare: [] as number[], traced: [] as number[] };
// The main thread's CPU alone (Linux, clock ticks of 10 ms: meaningful summed over all blocks only); the rest of the
// process's CPU is V8's background threads (parallel scavenges, concurrent marking and compiling) and libuv's.
const mainTicks = () => {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return NaN;
  }
};
const mainCpu = { bare: 0, traced: 0 };

// GC pauses by side and kind (scavenge / mark-compact), attributed to the block they started in.
const gcEntries: Array<{ start: number; duration: number; kind: number }> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcEntries.push({ start: e.startTime, duration: e.duration, kind: (e as unknown as { detail: { kind: number } }).detail.kind });
});
gcObserver.observe({ entryTypes: ['gc'] });
const windows: Array<{ side: 'bare' | 'traced'; from: number; to: number }> = [];
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });
for (let i = 0; i < 500; i++) {
  await sides.bare();
  await sides.traced();
}
for (let r = 0; r < rounds; r++) {
  for (const side of (r % 2 ? ['bare', 'traced'] : ['traced', 'bare']) as Array<'bare' | 'traced'>) {
    if (profiling) await session.post('Profiler.start');
    const cpu0 = process.cpuUsage();
    const ticks0 = mainTicks();
    const from = performance.now();
    for (let i = 0; i < calls; i++) await sides[side]();
    windows.push({ side, from, to: performance.now() });
    const used = process.cpuUsage(cpu0);
    mainCpu[side] += (mainTicks() - ticks0) * 10_000;
    cpu[side] += used.user + used.system;
    perRound[side][r] = (used.user + used.system) / calls;
    if (!profiling) continue;
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    addSelfTimes(self[side], profile);
    // The last block's profile of each side, for a look at call trees (`PROFILE_DIR=/tmp/prof`).
    if (process.env.PROFILE_DIR) writeFileSync(`${process.env.PROFILE_DIR}/${kind}-${side}.cpuprofile`, JSON.stringify(profile));
  }
}
await new Promise((r) => setTimeout(r, 50));
gcObserver.disconnect();
await lib.shutdown();
server.stdin!.end();

function addSelfTimes(into: Map<string, number>, p: Profile): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < p.samples.length; i++) {
    const f = byId.get(p.samples[i]!)!.callFrame;
    const ours = f.url.includes('/dist/lib/') || (f.url.includes('/lib/') && !f.url.includes('node_modules'));
    const url = ours ? `tracelight:${f.url.replace(/^.*\/lib\//, '')}` : f.url.replace(/^.*node_modules\//, '');
    const key = `${f.functionName || '(anon)'} ${url}:${f.lineNumber + 1}`;
    into.set(key, (into.get(key) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
}

const n = calls * rounds;
const gc = { bare: { minor: 0, major: 0 }, traced: { minor: 0, major: 0 } };
for (const e of gcEntries) {
  const w = windows.find((w) => e.start >= w.from && e.start < w.to);
  if (w) gc[w.side][e.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR ? 'major' : 'minor'] += (e.duration * 1000) / n;
}
const busy = (m: Map<string, number>) => [...m.entries()].filter(([k]) => !k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0) / n;
console.log(`${kind}, ${exporterKind} exporter, ${rounds} blocks of ${calls} calls per side; µs per call`);
const diffs = perRound.traced.map((t, r) => t - perRound.bare[r]!).sort((a, b) => a - b);
const medianDiff = (diffs[(diffs.length - 1) >> 1]! + diffs[diffs.length >> 1]!) / 2;
console.log(`CPU (process.cpuUsage): bare ${(cpu.bare / n).toFixed(1)} traced ${(cpu.traced / n).toFixed(1)} added ${((cpu.traced - cpu.bare) / n).toFixed(1)} (median of block pairs ${medianDiff.toFixed(1)})`);
console.log(`main thread CPU (sum of blocks, 10 ms ticks): bare ${(mainCpu.bare / n).toFixed(1)} traced ${(mainCpu.traced / n).toFixed(1)} added ${((mainCpu.traced - mainCpu.bare) / n).toFixed(1)}; other threads added ${((cpu.traced - cpu.bare - mainCpu.traced + mainCpu.bare) / n).toFixed(1)}`);
console.log(`GC pauses: scavenges bare ${gc.bare.minor.toFixed(1)} traced ${gc.traced.minor.toFixed(1)}, mark-compact bare ${gc.bare.major.toFixed(1)} traced ${gc.traced.major.toFixed(1)}`);
if (profiling) console.log(`profiled busy time:     bare ${busy(self.bare).toFixed(1)} traced ${busy(self.traced).toFixed(1)} added ${(busy(self.traced) - busy(self.bare)).toFixed(1)}`);
// Where the added time is: our code, the OTel SDK, the garbage collector, everything else (undici, Node, V8).
const groupOf = (k: string) =>
  k.includes(' tracelight:') ? 'tracelight' : k.includes('@opentelemetry/') ? 'otel sdk' : k.startsWith('(garbage collector)') ? 'gc' : k.startsWith('(idle)') ? 'idle' : 'other';
const groups = new Map<string, number>();
for (const [side, sign] of [['traced', 1], ['bare', -1]] as const) {
  for (const [k, v] of self[side]) groups.set(groupOf(k), (groups.get(groupOf(k)) ?? 0) + (sign * v) / n);
}
console.log(`added by group: ${[...groups].map(([g, v]) => `${g} ${v >= 0 ? '+' : ''}${v.toFixed(1)}`).join(', ')}`);
const keys = new Set([...self.bare.keys(), ...self.traced.keys()]);
const rows = [...keys].map((k) => ({ k, bare: (self.bare.get(k) ?? 0) / n, traced: (self.traced.get(k) ?? 0) / n })).map((r) => ({ ...r, d: r.traced - r.bare }));
rows.sort((x, y) => Math.abs(y.d) - Math.abs(x.d));
console.log('  added     bare   traced  function');
for (const r of rows.slice(0, Number(rowsArg))) console.log(`${(r.d >= 0 ? '+' : '') + r.d.toFixed(2)}`.padStart(7) + `${r.bare.toFixed(2).padStart(9)}${r.traced.toFixed(2).padStart(9)}  ${r.k}`);
