// --persist under faults: kill -9 during steady ingest, damaged files, hostile paths, compaction, the old format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTraceRequestProtobuf } from '../../../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../../../lib/forward/read-otlp-json.js';
import { createViewerServer, type ViewerLogger } from '../../../viewer/server/create-viewer-server.js';
import { seededRandom } from '../../helpers/seeded-random.js';
import { runCli, startCli } from '../../helpers/viewer-process.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'tl-persist-')), name);

function capture(): ViewerLogger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = [];
  const errors: string[] = [];
  return { warnings, errors, info() {}, warn: (m) => warnings.push(m), error: (m) => errors.push(m) };
}

async function spanIdsOf(base: string, traceId: string): Promise<string[]> {
  const res = await fetch(`${base}api/traces/${traceId}`);
  if (res.status === 404) return [];
  return ((await res.json()) as { spans: Array<{ spanId: string }> }).spans.map((s) => s.spanId);
}

test('kill -9 at random points of a steady ingest loses no acknowledged span (several rounds, protobuf and JSON)', async (t) => {
  const file = tempFile('spans.log');
  const rnd = seededRandom(7);
  const acknowledged = new Map<string, string[]>(); // traceId -> span ids answered 200, over every round
  const started: Array<ReturnType<typeof startCli>> = [];
  // Whatever happens, no viewer outlives the test.
  t.after(() => started.forEach((v) => v.child.kill('SIGKILL')));
  for (let round = 0; round < 4; round++) {
    const viewer = startCli(['--port', '0', '--persist', file]);
    started.push(viewer);
    const base = await viewer.ready;
    // Everything acknowledged in earlier rounds came back.
    for (const [traceId, spanIds] of acknowledged) {
      const back = new Set(await spanIdsOf(base, traceId));
      for (const id of spanIds) assert.ok(back.has(id), `round ${round}: span ${id} of ${traceId} was acknowledged, and is back`);
    }
    let stop = false;
    const senders = [0, 1].map(async (sender) => {
      for (let i = 0; !stop; i++) {
        const traceId = hexId(16);
        const spans = Array.from({ length: 1 + Math.floor(rnd() * 20) }, () => ({
          traceId,
          spanId: hexId(8),
          name: 'work',
          attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.input.messages': 'x'.repeat(Math.floor(rnd() * 4000)) },
        }));
        const json = otlpJson(spans);
        const protobuf = (i + sender) % 2 === 0;
        try {
          const res = await fetch(`${base}v1/traces`, {
            method: 'POST',
            headers: { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' },
            body: protobuf ? Buffer.from(encodeTraceRequestProtobuf(readTraceRequestJson(json).request)) : JSON.stringify(json),
          });
          await res.arrayBuffer();
          if (res.status === 200) acknowledged.set(traceId, spans.map((s) => s.spanId));
        } catch {
          return; // the viewer was killed mid-request: that request was never acknowledged
        }
      }
    });
    await new Promise((r) => setTimeout(r, 150 + rnd() * 600));
    viewer.child.kill('SIGKILL');
    stop = true;
    await viewer.exited;
    await Promise.all(senders);
  }
  const viewer = startCli(['--port', '0', '--persist', file]);
  started.push(viewer);
  try {
    const base = await viewer.ready;
    assert.ok(acknowledged.size > 20, `a steady ingest happened (${acknowledged.size} traces acknowledged)`);
    let spans = 0;
    for (const [traceId, spanIds] of acknowledged) {
      const back = new Set(await spanIdsOf(base, traceId));
      for (const id of spanIds) assert.ok(back.has(id), `span ${id} of ${traceId} was acknowledged, and is back`);
      spans += spanIds.length;
    }
    const health = (await httpRequest(`${base}api/health`)).json();
    assert.ok(health.spans >= spans, `${health.spans} spans held, ${spans} acknowledged`);
  } finally {
    viewer.child.kill('SIGKILL');
    await viewer.exited;
  }
});

async function writeTraces(file: string, count: number): Promise<string[]> {
  const viewer = await createViewerServer({ port: 0, forward: null, persistFile: file });
  const ids: string[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const traceId = hexId(16);
      ids.push(traceId);
      const res = await postJson(viewer.otlpUrl, otlpJson([{ traceId, name: `trace ${i}`, attributes: { payload: 'p'.repeat(500) } }]));
      assert.equal(res.status, 200);
    }
  } finally {
    await viewer.close();
  }
  return ids;
}

test('damaged records are skipped with a warning naming the file and position; the rest loads', async () => {
  const file = tempFile('spans.log');
  const ids = await writeTraces(file, 40);
  const bytes = readFileSync(file);
  const damaged = Buffer.from(bytes);
  // Flip bytes inside the 10th trace's record, write garbage over the start of the 20th's, cut the last one short.
  const at = (traceId: string) => damaged.indexOf(Buffer.from(traceId, 'hex'));
  damaged[at(ids[9]) + 40] ^= 0xff;
  damaged.fill(0x7a, at(ids[19]) - 40, at(ids[19]) - 30); // inside its record's header
  writeFileSync(file, damaged.subarray(0, damaged.length - 7));
  const logger = capture();
  const viewer = await createViewerServer({ port: 0, forward: null, persistFile: file, logger });
  try {
    const lost = new Set([ids[9], ids[19], ids[39]]);
    for (const id of ids) {
      const res = await httpRequest(`${viewer.url}api/traces/${id}`);
      assert.equal(res.status, lost.has(id) ? 404 : 200, `trace ${ids.indexOf(id)}`);
    }
    assert.ok(logger.warnings.length >= 3, logger.warnings.join('\n'));
    for (const w of logger.warnings.slice(0, 3)) assert.match(w, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: record \\d+ at byte \\d+`));
    assert.ok(logger.warnings.some((w) => /checksum mismatch/.test(w)));
    assert.ok(logger.warnings.some((w) => /stopped while writing/.test(w)));
    const health = (await httpRequest(`${viewer.url}api/health`)).json();
    assert.ok(health.persist.damagedRecords >= 3);
    // New spans still land, and the file was rewritten without the damage.
    const res = await postJson(viewer.otlpUrl, otlpJson([{ name: 'after' }]));
    assert.equal(res.status, 200);
  } finally {
    await viewer.close();
  }
  const again = capture();
  const second = await createViewerServer({ port: 0, forward: null, persistFile: file, logger: again });
  try {
    assert.deepEqual(again.warnings, [], 'the rewritten file is clean');
    assert.equal((await httpRequest(`${second.url}api/health`)).json().spans, 38);
  } finally {
    await second.close();
  }
});

test('a version-1 file (JSON lines) loads, wrong-shaped lines are skipped with file:line, and it is rewritten', async () => {
  const file = tempFile('spans.jsonl');
  const good = (name: string) =>
    JSON.stringify({
      traceId: hexId(16),
      spanId: hexId(8),
      parentSpanId: null,
      name,
      kind: 1,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000500000000',
      status: { code: 0 },
      attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1000000 },
      events: [],
      resource: { attributes: { 'service.name': 'old' } },
      scope: { name: 's' },
      genAi: null,
    });
  writeFileSync(file, ['{"tracelight":"spans","version":1}', good('a'), '{}', 'null', '{"traceId":5}', 'not json', good('b'), ''].join('\n'));
  const logger = capture();
  const viewer = await createViewerServer({ port: 0, forward: null, persistFile: file, logger });
  try {
    const list = (await httpRequest(`${viewer.url}api/traces`)).json();
    assert.deepEqual(list.traces.map((t: { name: string }) => t.name).sort(), ['a', 'b']);
    assert.equal(list.traces[0].costUsd, 2.5, 'cost computed from the attributes');
    assert.equal(logger.warnings.filter((w) => w.startsWith(`${file}:`)).length, 4, logger.warnings.join('\n'));
    for (const line of [3, 4, 5, 6]) assert.ok(logger.warnings.some((w) => w.startsWith(`${file}:${line}:`)), `line ${line} named`);
  } finally {
    await viewer.close();
  }
  assert.notEqual(readFileSync(file).subarray(0, 5).toString(), '{"tra', 'rewritten in the current format');
  const second = await createViewerServer({ port: 0, forward: null, persistFile: file });
  try {
    assert.equal((await httpRequest(`${second.url}api/health`)).json().spans, 2);
  } finally {
    await second.close();
  }
});

test('the file is private (0600), never written through a symbolic link, and a bad path fails at start', async () => {
  const file = tempFile('spans.log');
  await writeTraces(file, 1);
  assert.equal(statSync(file).mode & 0o777, 0o600);

  // An existing file readable by others is narrowed.
  chmodSync(file, 0o644);
  await (await createViewerServer({ port: 0, forward: null, persistFile: file })).close();
  assert.equal(statSync(file).mode & 0o777, 0o600);

  // FILE itself a symlink: refused, the target untouched.
  const target = tempFile('precious.txt');
  writeFileSync(target, 'precious\n');
  const link = tempFile('link.log');
  symlinkSync(target, link);
  await assert.rejects(createViewerServer({ port: 0, forward: null, persistFile: link }), /symbolic link/);
  assert.equal(readFileSync(target, 'utf8'), 'precious\n');

  // A planted FILE.tmp symlink: compaction removes the link and writes its own file.
  const planted = tempFile('spans.log');
  await writeTraces(planted, 3);
  symlinkSync(target, `${planted}.tmp`);
  const damaged = readFileSync(planted);
  damaged[damaged.length - 3] ^= 0xff; // damage forces a rewrite at start
  writeFileSync(planted, damaged);
  await (await createViewerServer({ port: 0, forward: null, persistFile: planted, logger: capture() })).close();
  assert.equal(readFileSync(target, 'utf8'), 'precious\n', 'the link target was not written');
  assert.ok(!existsSync(`${planted}.tmp`));

  // Unwritable: the CLI says so at once and exits, before any span.
  const started = Date.now();
  const bad = runCli(['--port', '0', '--persist', '/proc/nonexistent/spans.log']);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /\/proc\/nonexistent\/spans\.log/);
  assert.ok(Date.now() - started < 20_000);
});

test('the file stays bounded by compaction under sustained ingest, and reloads the newest traces', async () => {
  const file = tempFile('spans.log');
  const maxMemoryBytes = 2 * 1024 * 1024;
  const viewer = await createViewerServer({ port: 0, forward: null, persistFile: file, maxMemoryBytes });
  const ids: string[] = [];
  let largest = 0;
  try {
    for (let i = 0; i < 300; i++) {
      const traceId = hexId(16);
      ids.push(traceId);
      const spans = Array.from({ length: 10 }, () => ({ traceId, attributes: { payload: 'z'.repeat(4000) } }));
      assert.equal((await postJson(viewer.otlpUrl, otlpJson(spans))).status, 200);
      largest = Math.max(largest, statSync(file).size);
      if (i % 50 === 0) await new Promise((r) => setImmediate(r)); // let a compaction step run
    }
    // ~12 MB ingested into a 2 MB store.
    assert.ok(largest < 8 * 1024 * 1024 + 2 * 1024 * 1024, `file peaked at ${largest} bytes`);
  } finally {
    await viewer.close();
  }
  const second = await createViewerServer({ port: 0, forward: null, persistFile: file, maxMemoryBytes });
  try {
    assert.equal((await httpRequest(`${second.url}api/traces/${ids.at(-1)}`)).status, 200, 'the newest trace is back');
    assert.equal((await httpRequest(`${second.url}api/traces/${ids[0]}`)).status, 404, 'the oldest was evicted');
    const health = (await httpRequest(`${second.url}api/health`)).json();
    assert.ok(health.bytes <= health.maxBytes);
  } finally {
    await second.close();
  }
});
