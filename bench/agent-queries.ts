// Agent queries (MCP tools, `tracelight traces|show|search|usage`) on a store of realistic GenAI traffic: how long
// each query takes, and what the search's byte prefilter saves (a rare text it can use next to one it cannot). Prints figures, asserts nothing.
import { createSpanStore } from '../viewer/server/span-store.js';
import { getSpan } from '../viewer/server/query/span-detail.js';
import { getTrace } from '../viewer/server/query/trace-outline.js';
import { listTraces } from '../viewer/server/query/list-traces.js';
import { search } from '../viewer/server/query/search-spans.js';
import { usageSummary } from '../viewer/server/query/usage-summary.js';
import { encodeTraceRequestProtobuf } from '../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../lib/forward/read-otlp-json.js';
import { genAiBodies } from './genai-payload.js';
import { megabyteCompletionTrace, twoThousandSpanTrace } from '../test/helpers/big-traces.js';

const SPANS = 40_000;

function time<T>(fn: () => T, rounds = 3): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    value = fn();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, value };
}

export async function run(): Promise<void> {
  const store = createSpanStore({ maxBytes: 1024 * 1024 * 1024 });
  for (let i = 0; i < SPANS / 1000; i++) store.ingestTraces(genAiBodies(1000, i + 1).protobuf);
  const big = twoThousandSpanTrace();
  const mb = megabyteCompletionTrace();
  for (const body of [big.body, mb.body]) store.ingestTraces(encodeTraceRequestProtobuf(readTraceRequestJson(JSON.parse(JSON.stringify(body))).request));
  const stats = store.stats();
  console.log(`store: ${stats.traces.toLocaleString('en-US')} traces, ${stats.spans.toLocaleString('en-US')} spans (2-4 KB of messages per chat span), best of 3 rounds`);
  const rows: Array<[string, number, string]> = [];
  const add = (what: string, r: { ms: number; value: { text: string } }, note = '') => rows.push([what, r.ms, `${Buffer.byteLength(r.value.text).toLocaleString('en-US')} B${note ? `; ${note}` : ''}`]);
  add('list_traces (20 newest, totals of all)', time(() => listTraces(store, {})));
  add('list_traces errors_only', time(() => listTraces(store, { errors_only: true })));
  add('get_trace, 2,000 spans, first page', time(() => getTrace(store, { trace_id: big.traceId }), 1), 'first read decodes the trace');
  add('get_trace, 2,000 spans, next page', time(() => getTrace(store, { trace_id: big.traceId, offset: 500 })), 'the decoded trace is reused');
  add('get_span, 1 MB completion', time(() => getSpan(store, { trace_id: mb.traceId, span_id: mb.spanId })));
  add('get_span, 1 MB completion, a 100 KB page', time(() => getSpan(store, { trace_id: mb.traceId, span_id: mb.spanId, field: 'output.0.0', offset: 500_000 }, { maxBytes: 100_000 })));
  const rare = time(() => search(store, { text: 'END-OF-THE-MEGABYTE' }));
  add('search, rare text (prefilter)', rare, `${rare.value.data.skippedTraces.toLocaleString('en-US')} of ${rare.value.data.scannedTraces.toLocaleString('en-US')} traces skipped undecoded`);
  // Text with no ASCII piece: nothing to look for in the bytes, every trace is decoded (up to the scan cap).
  const unsafe = time(() => search(store, { text: '東京駅' }), 1);
  add('search, rare non-ASCII text (no prefilter piece)', unsafe, `stopped by ${unsafe.value.data.stoppedBy ?? 'nothing'} after ${unsafe.value.data.scannedTraces.toLocaleString('en-US')} traces`);
  add('search, common word (stops at 20 spans)', time(() => search(store, { text: 'weather' })));
  add('usage_summary, every trace', time(() => usageSummary(store, {}), 1));
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [what, ms, note] of rows) console.log(`  ${what.padEnd(width)}  ${ms.toFixed(0).padStart(6)} ms  (${note})`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
