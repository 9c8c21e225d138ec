// The real @google/genai client (httpOptions.fetch = tracedFetch) -> fake provider; spans exported as protobuf.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GoogleGenAI, Type } from '@google/genai';
import { tracedFetch } from '../../lib/node.js';
import { caught, fixture, fixtureSseData, jsonAttribute, startHarness, type Harness } from '../helpers/traced-harness.js';

let h: Harness;
let traced: GoogleGenAI;
let plain: GoogleGenAI;
before(async () => {
  h = await startHarness();
  traced = new GoogleGenAI({ apiKey: 'AIza-SECRETKEY', httpOptions: { baseUrl: h.fake.url, fetch: tracedFetch } });
  plain = new GoogleGenAI({ apiKey: 'AIza-SECRETKEY', httpOptions: { baseUrl: h.fake.url } });
});
after(() => h.close());

const MODEL = 'gemini-2.5-flash';
// GenAI output tokens include reasoning: Gemini's candidates plus its thoughts.
const tokens = (usage: any) => ({ input: usage.promptTokenCount, output: usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0), reasoning: usage.thoughtsTokenCount });
const spanTokens = (span: any) => ({
  input: span.attributes['gen_ai.usage.input_tokens'],
  output: span.attributes['gen_ai.usage.output_tokens'],
  reasoning: span.attributes['gen_ai.usage.reasoning.output_tokens'],
});

describe('@google/genai traced', () => {
  test('generateContent: model from the path, system instruction, exact usage incl. thoughts, no API key', async () => {
    const mark = h.mark();
    const res = await traced.models.generateContent({ model: MODEL, contents: 'Say hello', config: { systemInstruction: 'Be brief.', temperature: 0.4 } });
    assert.equal(res.text, 'Hello! How can I help you today?');
    const [span] = await h.spansSince(mark);
    const recorded = fixture('gemini/generate-text.json');
    assert.equal(span.name, `generate_content ${MODEL}`);
    assert.equal(span.attributes['gen_ai.provider.name'], 'gcp.gemini');
    assert.equal(span.attributes['gen_ai.request.temperature'], 0.4);
    assert.equal(span.attributes['gen_ai.response.id'], recorded.responseId);
    assert.deepEqual(span.attributes['gen_ai.response.finish_reasons'], ['STOP']);
    assert.deepEqual(spanTokens(span), tokens(recorded.usageMetadata));
    assert.deepEqual(jsonAttribute(span, 'gen_ai.system_instructions'), [{ type: 'text', content: 'Be brief.' }]);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.input.messages'), [{ role: 'user', parts: [{ type: 'text', content: 'Say hello' }] }]);
    assert.ok(!JSON.stringify(span).includes('SECRETKEY'));
  });

  test('generateContentStream (alt=sse): text assembled, the last cumulative usage wins', async () => {
    const mark = h.mark();
    let text = '';
    for await (const chunk of await traced.models.generateContentStream({ model: MODEL, contents: 'Say hello' })) text += chunk.text ?? '';
    const [span] = await h.spansSince(mark);
    const last = fixtureSseData('gemini/stream-text.sse').at(-1);
    assert.equal(span.attributes['gen_ai.request.stream'], true);
    assert.deepEqual(spanTokens(span), tokens(last.usageMetadata));
    assert.deepEqual(jsonAttribute(span, 'gen_ai.output.messages'), [{ role: 'assistant', parts: [{ type: 'text', content: text }], finish_reason: 'STOP' }]);
  });

  test('function calls, then the function response turn', async () => {
    const config = { tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: Type.OBJECT, properties: { location: { type: Type.STRING } } } }] }] };
    const mark = h.mark();
    const first = await traced.models.generateContent({ model: `${MODEL}-tools`, contents: 'Weather?', config });
    const calls = first.functionCalls ?? [];
    await traced.models.generateContent({
      model: `${MODEL}-tools`,
      config,
      contents: [
        { role: 'user', parts: [{ text: 'Weather?' }] },
        first.candidates![0].content!,
        { role: 'user', parts: calls.map((c) => ({ functionResponse: { name: c.name, response: { temperature: 18 } } })) },
      ],
    });
    const [a, b] = await h.spansSince(mark, 2);
    assert.deepEqual(jsonAttribute(a, 'gen_ai.output.messages')[0].parts, [
      { type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } },
      { type: 'tool_call', name: 'get_weather', arguments: { location: 'Tokyo' } },
    ]);
    assert.equal(jsonAttribute(a, 'gen_ai.tool.definitions')[0].name, 'get_weather');
    assert.equal(jsonAttribute(b, 'gen_ai.input.messages').at(-1).role, 'tool');
    assert.equal(b.attributes['gen_ai.usage.input_tokens'], fixture('gemini/generate-tool-answer.json').usageMetadata.promptTokenCount);
  });

  test("Vertex (express mode): a tool call's arguments streamed as partialArgs become one complete tool call", async () => {
    const vertex = new GoogleGenAI({ vertexai: true, apiKey: 'AQ.SECRETKEY', httpOptions: { baseUrl: h.fake.url, fetch: tracedFetch } });
    const plainVertex = new GoogleGenAI({ vertexai: true, apiKey: 'AQ.SECRETKEY', httpOptions: { baseUrl: h.fake.url } });
    const params = {
      model: `${MODEL}-tools`,
      contents: 'Weather in Paris and Tokyo for 3 days?',
      config: {
        tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: Type.OBJECT, properties: { location: { type: Type.STRING }, days: { type: Type.NUMBER } } } }] }],
        toolConfig: { functionCallingConfig: { streamFunctionCallArguments: true } },
      },
    };
    const read = async (client: GoogleGenAI) => {
      const chunks: unknown[] = [];
      for await (const chunk of await client.models.generateContentStream(params)) chunks.push(chunk.candidates);
      return chunks;
    };
    const expected = await read(plainVertex);
    const mark = h.mark();
    assert.deepEqual(await read(vertex), expected);
    const [span] = await h.spansSince(mark);
    const last = fixtureSseData('gemini/stream-function-call-partial-args.sse').at(-1);
    assert.equal(span.attributes['gen_ai.response.id'], last.responseId);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.output.messages'), [
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris, France', days: 3 } },
          { type: 'tool_call', name: 'get_weather', arguments: { location: 'Tokyo, Japan', days: 3 } },
        ],
        finish_reason: 'STOP',
      },
    ]);
    assert.deepEqual(spanTokens(span), tokens(last.usageMetadata));
    assert.ok(!JSON.stringify(span).includes('SECRETKEY'));
  });

  test('embedContent (batchEmbedContents on the wire)', async () => {
    const mark = h.mark();
    const res = await traced.models.embedContent({ model: 'gemini-embedding-001', contents: ['a', 'b'], config: { outputDimensionality: 8 } });
    assert.equal(res.embeddings?.length, 2);
    const [span] = await h.spansSince(mark);
    assert.equal(span.name, 'embeddings gemini-embedding-001');
    assert.equal(span.attributes['gen_ai.embeddings.dimension.count'], 8);
  });

  test('HTTP 429: the same ApiError; span error.type RESOURCE_EXHAUSTED', async () => {
    const req = { model: `${MODEL}-rate-limit`, contents: 'Hi' };
    const expected = await caught(plain.models.generateContent(req));
    const mark = h.mark();
    const error = await caught(traced.models.generateContent(req));
    assert.equal(error.constructor, expected.constructor);
    assert.equal(error.message, expected.message);
    assert.equal(error.status, 429);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
    assert.equal(span.attributes['error.type'], 'RESOURCE_EXHAUSTED');
  });

  test('a stream broken half way: the same error to the caller; span ERROR', async () => {
    const run = async (client: GoogleGenAI) => {
      let text = '';
      const error = await caught(async () => {
        for await (const chunk of await client.models.generateContentStream({ model: `${MODEL}-fail-mid-stream`, contents: 'Hi' })) text += chunk.text ?? '';
      });
      return { text, error };
    };
    const expected = await run(plain);
    const mark = h.mark();
    const got = await run(traced);
    assert.equal(got.text, expected.text);
    assert.equal(got.error.constructor, expected.error.constructor);
    assert.equal(got.error.message, expected.error.message);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
  });

  test('breaking out early and aborting ends the span', async () => {
    // @google/genai only releases its reader lock on break (no cancel), so the body stays open until aborted or
    // collected; aborting is how a caller stops it, and the span must end then.
    const controller = new AbortController();
    const mark = h.mark();
    let n = 0;
    const stream = await traced.models.generateContentStream({ model: `${MODEL}-slow-20-long`, contents: 'Hi', config: { abortSignal: controller.signal } });
    for await (const _ of stream) if (++n === 3) break;
    controller.abort();
    const [span] = await h.spansSince(mark);
    assert.equal(span.name, `generate_content ${MODEL}-slow-20-long`);
    assert.equal(span.status.code, 2);
  });
});
