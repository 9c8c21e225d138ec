// Replay against the fake provider in the OpenAI, Anthropic and Gemini wire formats: calls made by the real SDKs
// and traced by this library reach a real viewer; `POST /api/replay` sends an edited copy with the key from the
// viewer's environment (only to the host the key belongs to), and the result is a new GenAI span linked to the
// original. Refusals: unconfirmed, not JSON, a foreign Origin, a key for another host.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { createFakeProvider, type FakeProvider } from '../../../viewer/fake-provider/create-fake-provider.js';
import { wrapFetch } from '../../../lib/fetch/default-fetch.js';
import { createViewerServer, type ViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { StoredSpan, TraceResponse, TracesResponse } from '../../../viewer/shared/api-types.js';
import type { ReplayCapabilities, ReplayCheck, ReplayRequest, ReplayResult } from '../../../viewer/shared/replay-types.js';

let fake: FakeProvider;
let viewer: ViewerServer;
let provider: BasicTracerProvider;
let traced: typeof fetch;
/** The viewer reads its environment at request time: tests change it between replays. */
const env: Record<string, string | undefined> = {};

before(async () => {
  fake = await createFakeProvider();
  viewer = await createViewerServer({ port: 0, forward: null, env });
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'replay-origin' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: viewer.otlpUrl }))],
  });
  traced = wrapFetch(fetch, { tracer: provider.getTracer('tracelight'), captureContent: true });
});

after(async () => {
  await provider?.shutdown();
  await viewer?.close();
  await fake?.close();
});

const api = (path: string) => new URL(path, viewer.url).href;
const getJson = async <T>(path: string): Promise<T> => (await fetch(api(path))).json() as Promise<T>;

/** The newest LLM span of the original calls (not replays) for a provider. */
async function latestOriginal(providerName: string): Promise<StoredSpan> {
  await provider.forceFlush();
  const { traces } = await getJson<TracesResponse>('/api/traces?service=replay-origin');
  for (const t of traces) {
    const { spans } = await getJson<TraceResponse>(`/api/traces/${t.traceId}`);
    const span = spans.find((s) => s.genAi && s.attributes['gen_ai.provider.name'] === providerName);
    if (span) return span;
  }
  throw new Error(`no ${providerName} span`);
}

async function replay(body: Partial<ReplayRequest>, headers: Record<string, string> = {}) {
  const res = await fetch(api('/api/replay'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as ReplayResult & { error?: string; keyVariable?: string } };
}

/** The draft from `GET /api/replay?…`, edited: the last user text replaced and the temperature set. */
async function editedDraft(span: StoredSpan, text: string): Promise<ReplayRequest> {
  const checked = await getJson<ReplayCheck>(`/api/replay?traceId=${span.traceId}&spanId=${span.spanId}`);
  assert.equal(checked.ok, true, checked.error);
  const draft = checked.draft!;
  const messages = structuredClone(draft.messages);
  const user = messages.filter((m) => m.role === 'user').at(-1)!;
  user.parts = [{ type: 'text', content: text }];
  return { ...draft, messages, parameters: { ...draft.parameters, temperature: 0.9 }, traceId: span.traceId, spanId: span.spanId, confirmed: true };
}

/** The replay's span as stored, checked to be a real GenAI span linked to the original. */
async function storedReplay(result: ReplayResult, original: StoredSpan): Promise<StoredSpan> {
  const { spans } = await getJson<TraceResponse>(`/api/traces/${result.traceId}`);
  const span = spans.find((s) => s.spanId === result.spanId)!;
  assert.ok(span, 'the replay span is in the store');
  assert.notEqual(span.traceId, original.traceId, 'a new trace');
  assert.equal(span.scope.name, 'tracelight');
  assert.equal(span.resource.attributes['service.name'], 'tracelight-replay');
  assert.equal(span.kind, 3);
  assert.ok(span.genAi, 'normalized as an LLM call');
  assert.deepEqual(span.links?.map((l) => [l.traceId, l.spanId, l.attributes['tracelight.link.type']]), [[original.traceId, original.spanId, 'replay_of']]);
  return span;
}

const lastRequest = () => fake.requests.at(-1)!;

test('GET /api/replay names each provider key variable, never a key', async () => {
  env.OPENAI_API_KEY = 'sk-secret-value';
  const caps = await getJson<ReplayCapabilities>('/api/replay');
  const openai = caps.keys.find((k) => k.provider === 'openai')!;
  assert.deepEqual([openai.keyVariable, openai.keySet, openai.keyOrigin], ['OPENAI_API_KEY', true, 'https://api.openai.com']);
  assert.equal(caps.keys.find((k) => k.provider === 'anthropic')!.keySet, false);
  assert.ok(!JSON.stringify(caps).includes('sk-secret-value'));
  delete env.OPENAI_API_KEY;
});

test('OpenAI: an edited replay goes to the host the call used, with the key only when it belongs there', async () => {
  const openai = new OpenAI({ apiKey: 'sk-original-app-key', baseURL: `${fake.url}/v1`, fetch: traced, maxRetries: 0 });
  await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0.2,
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'What is the capital of France?' },
    ],
  });
  const original = await latestOriginal('openai');

  // The key belongs to api.openai.com: a loopback host gets the call, without it.
  env.OPENAI_API_KEY = 'sk-viewer-key';
  const first = await replay(await editedDraft(original, 'And of Italy?'));
  assert.equal(first.status, 200, first.body.error);
  assert.equal(first.body.keyVariable, null);
  let sent = lastRequest();
  assert.equal(sent.path, '/v1/chat/completions');
  assert.equal(sent.headers.authorization, undefined, 'no key sent to a host it does not belong to');
  const body = sent.body as { model: string; temperature: number; messages: Array<{ role: string; content: string }> };
  assert.equal(body.model, 'gpt-4o-mini');
  assert.equal(body.temperature, 0.9);
  assert.deepEqual(body.messages, [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: 'And of Italy?' },
  ]);
  const span = await storedReplay(first.body, original);
  assert.equal(span.genAi!.inputMessages!.at(-1)!.parts[0].content, 'And of Italy?');
  assert.equal(span.attributes['gen_ai.request.temperature'], 0.9);
  assert.equal(typeof span.genAi!.outputTokens, 'number');

  // With OPENAI_BASE_URL naming that host, the viewer's key goes with it (never the app's).
  env.OPENAI_BASE_URL = `${fake.url}/v1`;
  const second = await replay(await editedDraft(original, 'And of Spain?'));
  assert.equal(second.status, 200, second.body.error);
  assert.equal(second.body.keyVariable, 'OPENAI_API_KEY');
  sent = lastRequest();
  assert.equal(sent.headers.authorization, 'Bearer sk-viewer-key');
  const stored = await storedReplay(second.body, original);
  assert.ok(!JSON.stringify(stored).includes('sk-viewer-key'), 'the key is in no attribute');
  delete env.OPENAI_BASE_URL;
  delete env.OPENAI_API_KEY;
});

test('OpenAI: a tool-using turn replays with its tool calls and results', async () => {
  const openai = new OpenAI({ apiKey: 'k', baseURL: `${fake.url}/v1`, fetch: traced, maxRetries: 0 });
  await openai.chat.completions.create({
    model: 'gpt-4.1',
    messages: [
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":18}' },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }],
  });
  const original = await latestOriginal('openai');
  const checked = await getJson<ReplayCheck>(`/api/replay?traceId=${original.traceId}&spanId=${original.spanId}`);
  const result = await replay({ ...checked.draft!, traceId: original.traceId, spanId: original.spanId, confirmed: true });
  assert.equal(result.status, 200, result.body.error);
  const body = lastRequest().body as { messages: any[]; tools: any[] };
  assert.deepEqual(body.messages[1].tool_calls, [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }]);
  assert.deepEqual(body.messages[2], { role: 'tool', tool_call_id: 'call_1', content: '{"temperature":18}' });
  assert.equal(body.tools[0].function.name, 'get_weather');
  await storedReplay(result.body, original);
});

test('Anthropic: the replay uses x-api-key for the host ANTHROPIC_BASE_URL names', async () => {
  const anthropic = new Anthropic({ apiKey: 'app-key', baseURL: fake.url, fetch: traced, maxRetries: 0 });
  await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 300, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi there' }] });
  const original = await latestOriginal('anthropic');
  env.ANTHROPIC_API_KEY = 'sk-ant-viewer';
  env.ANTHROPIC_BASE_URL = fake.url;
  const result = await replay(await editedDraft(original, 'Hello again'));
  assert.equal(result.status, 200, result.body.error);
  const sent = lastRequest();
  assert.equal(sent.path, '/v1/messages');
  assert.equal(sent.headers['x-api-key'], 'sk-ant-viewer');
  assert.equal(sent.headers['anthropic-version'], '2023-06-01');
  assert.deepEqual(sent.body, {
    model: 'claude-sonnet-4-6',
    max_tokens: 300,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello again' }] }],
    system: 'Be brief.',
    temperature: 0.9,
  });
  const span = await storedReplay(result.body, original);
  assert.equal(span.genAi!.provider, 'anthropic');
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
});

test('Gemini: the replay calls generateContent with x-goog-api-key', async () => {
  const google = new GoogleGenAI({ apiKey: 'app-key', httpOptions: { baseUrl: fake.url } });
  // @google/genai takes no fetch option: the traced fetch stands in for the global one during the call.
  const original$ = globalThis.fetch;
  globalThis.fetch = traced;
  try {
    await google.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Name a colour', config: { systemInstruction: 'One word.', temperature: 0.1 } });
  } finally {
    globalThis.fetch = original$;
  }
  const original = await latestOriginal('gcp.gemini');
  env.GEMINI_API_KEY = 'gem-viewer-key';
  env.GEMINI_BASE_URL = fake.url;
  const result = await replay(await editedDraft(original, 'Name a fruit'));
  assert.equal(result.status, 200, result.body.error);
  const sent = lastRequest();
  assert.equal(sent.path, '/v1beta/models/gemini-2.5-flash:generateContent');
  assert.equal(sent.headers['x-goog-api-key'], 'gem-viewer-key');
  assert.deepEqual(sent.body, {
    contents: [{ role: 'user', parts: [{ text: 'Name a fruit' }] }],
    systemInstruction: { parts: [{ text: 'One word.' }] },
    generationConfig: { temperature: 0.9 },
  });
  const span = await storedReplay(result.body, original);
  assert.equal(span.genAi!.provider, 'gcp.gemini');
  delete env.GEMINI_API_KEY;
  delete env.GEMINI_BASE_URL;
});

test('Ollama on localhost: replayed with no key at all', async () => {
  const res = await traced(`${fake.url}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'llama3.2', stream: false, messages: [{ role: 'user', content: 'Why is the sky blue?' }], options: { temperature: 0.4 } }),
  });
  await res.text();
  const original = await latestOriginal('ollama');
  const result = await replay(await editedDraft(original, 'Why is grass green?'));
  assert.equal(result.status, 200, result.body.error);
  const sent = lastRequest();
  assert.equal(sent.path, '/api/chat');
  assert.equal(sent.headers.authorization, undefined);
  assert.deepEqual(sent.body, { model: 'llama3.2', messages: [{ role: 'user', content: 'Why is grass green?' }], stream: false, options: { temperature: 0.9 } });
  await storedReplay(result.body, original);
});

test('refused: unconfirmed, not JSON, a foreign Origin, a key for another host, an unknown span', async () => {
  const original = await latestOriginal('openai');
  const draft = await editedDraft(original, 'x');
  const before = fake.requests.length;

  assert.equal((await replay({ ...draft, confirmed: undefined as never })).status, 400);
  const plain = await fetch(api('/api/replay'), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify(draft) });
  assert.equal(plain.status, 415);
  const foreign = await fetch(api('/api/replay'), { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: JSON.stringify(draft) });
  assert.equal(foreign.status, 403);
  assert.equal((await replay({ ...draft, spanId: '0123456789abcdef' })).status, 404);

  // A call that went to another host: OPENAI_API_KEY is for api.openai.com, so nothing is sent anywhere.
  const traceId = 'ab'.repeat(16);
  const spanId = 'cd'.repeat(8);
  const otlp = {
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'groq-app' } }] },
      scopeSpans: [{
        scope: { name: 'tracelight' },
        spans: [{
          traceId, spanId, name: 'chat llama-3.3-70b', kind: 3, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000',
          attributes: [
            { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
            { key: 'gen_ai.provider.name', value: { stringValue: 'groq' } },
            { key: 'gen_ai.request.model', value: { stringValue: 'llama-3.3-70b' } },
            { key: 'url.full', value: { stringValue: 'https://api.groq.com/openai/v1/chat/completions' } },
            { key: 'gen_ai.input.messages', value: { stringValue: JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]) } },
          ],
        }],
      }],
    }],
  };
  assert.equal((await fetch(viewer.otlpUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(otlp) })).status, 200);
  env.OPENAI_API_KEY = 'sk-viewer-key';
  const checked = await getJson<ReplayCheck>(`/api/replay?traceId=${traceId}&spanId=${spanId}`);
  assert.equal(checked.ok, false);
  assert.match(checked.error!, /OPENAI_API_KEY is for https:\/\/api\.openai\.com.*api\.groq\.com.*OPENAI_BASE_URL/);
  const refused = await replay({ ...draft, traceId, spanId, model: 'llama-3.3-70b' });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.keyVariable, 'OPENAI_API_KEY');
  // Without any key: off, and the answer names the variable to set.
  delete env.OPENAI_API_KEY;
  const off = await replay({ ...draft, traceId, spanId, model: 'llama-3.3-70b' });
  assert.equal(off.status, 403);
  assert.match(off.body.error!, /start the viewer with OPENAI_API_KEY set and OPENAI_BASE_URL=https:\/\/api\.groq\.com/);
  assert.equal(fake.requests.length, before, 'no refused replay reached a provider');
});
