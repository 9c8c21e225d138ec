// Run by unread-response.test.ts as `node --expose-gc --import tsx`: LLM responses the app never reads, ended by
// garbage collection or by the unread timeout. Prints one JSON line per case.
import OpenAI from 'openai';
import { init, shutdown, tracedFetch, wrapFetch, flush } from '../../lib/node.js';
import { createFakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';
import { createOtlpSink, type SinkSpan } from './otlp-sink.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const sink = await createOtlpSink();
const fake = await createFakeProvider();
init({ endpoint: sink.url, exportMode: 'immediate', patchFetch: false, serviceName: 'unread' });
const openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${fake.url}/v1`, maxRetries: 0, fetch: tracedFetch });
const messages = [{ role: 'user' as const, content: 'Hi' }];

async function nextSpan(count: number, collect: boolean, waitMs = 10_000): Promise<SinkSpan | null> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    if (collect) gc!();
    await new Promise((r) => setTimeout(r, 25));
    await flush();
    if (sink.spans().length > count) return sink.spans()[count]!;
  }
  return null;
}

function report(name: string, span: SinkSpan | null, extra: Record<string, unknown> = {}) {
  console.log(JSON.stringify({ case: name, span: span && { name: span.name, attributes: span.attributes, start: span.startTimeUnixNano, end: span.endTimeUnixNano }, ...extra }));
}

// 1. The real openai SDK's raw response (`.asResponse()`), checked for its status and dropped unread.
{
  const count = sink.spans().length;
  let status = 0;
  let headersAt = 0;
  await (async () => {
    const raw = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages }).asResponse();
    headersAt = Date.now();
    status = raw.status;
  })();
  report('sdk-raw-response-collected', await nextSpan(count, true), { status, headersAt });
}

// 2. A streamed response (SSE) never read, dropped.
{
  const count = sink.spans().length;
  await (async () => {
    const res = await tracedFetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages, stream: true }),
    });
    if (!res.ok) throw new Error(String(res.status));
  })();
  report('stream-collected', await nextSpan(count, true));
}

// 3. Kept referenced (no GC can end it): the unread timeout does, then reading it later still works.
{
  const count = sink.spans().length;
  const traced = wrapFetch(fetch, { unreadResponseTimeoutMs: 400 });
  const started = Date.now();
  const kept = await traced(`${fake.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
  });
  const headersAt = Date.now();
  const span = await nextSpan(count, false);
  const endedAfterMs = Date.now() - started;
  const body = (await kept.json()) as { choices: unknown[] };
  report('kept-timeout', span, { headersAt, endedAfterMs, readLater: body.choices.length });
}

// 4. A clone is kept and read after the original was collected: the span is the normal, read one.
{
  const count = sink.spans().length;
  let copy: Response | undefined;
  await (async () => {
    const res = await tracedFetch(`${fake.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
    });
    copy = res.clone();
  })();
  const early = await nextSpan(count, true, 1_500);
  await copy!.json();
  report('clone-read-after-original-collected', await nextSpan(count, false), { endedEarly: early !== null });
}

await shutdown();
await fake.close();
await sink.close();
