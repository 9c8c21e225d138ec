import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { geminiEmbedAdapter } from '../../../lib/providers/gemini/gemini-embed-adapter.js';
import { geminiGenerateContentAdapter } from '../../../lib/providers/gemini/gemini-generate-content-adapter.js';
import { accumulate, fixtureJson, jsonArrayEvents, requestInfo, sseEvents } from '../../helpers/fixture-events.js';

const base = 'https://generativelanguage.googleapis.com/v1beta/models/';
const request = (body: unknown, method = 'generateContent', model = 'gemini-2.5-flash', url = base) =>
  geminiGenerateContentAdapter.parseRequest(requestInfo(`${url}${model}:${method}`, body));
const textResult = (id: string) => ({
  id,
  model: 'gemini-2.5-flash',
  outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'STOP' }],
  finishReasons: ['STOP'],
  usage: { inputTokens: 8, outputTokens: 9 + 23, totalTokens: 40, reasoningTokens: 23 }, // candidates + thoughts
});

describe('Gemini generateContent adapter', () => {
  test('request: model from the path, systemInstruction, function calls and responses, generationConfig, tools', () => {
    const parsed = request(
      {
        systemInstruction: { parts: [{ text: 'Be brief.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'Weather?' }, { inlineData: { mimeType: 'image/png', data: 'iVBOR' } }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { location: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temperature: 18 } } }] },
        ],
        tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather', parameters: { type: 'OBJECT' } }] }, { googleSearch: {} }],
        generationConfig: { temperature: 0.3, topP: 0.8, topK: 20, maxOutputTokens: 200, candidateCount: 1, stopSequences: ['x'], seed: 1, responseMimeType: 'application/json' },
      },
      'streamGenerateContent',
    );
    assert.deepEqual(parsed, {
      providerName: 'gcp.gemini',
      operationName: 'generate_content',
      model: 'gemini-2.5-flash',
      stream: true,
      params: { temperature: 0.3, max_tokens: 200, top_p: 0.8, top_k: 20, stop_sequences: ['x'], seed: 1 },
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'Weather?' }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBOR' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', name: 'get_weather', response: { temperature: 18 } }] },
      ],
      systemInstructions: [{ type: 'text', content: 'Be brief.' }],
      toolDefinitions: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'OBJECT' } }, { googleSearch: {} }],
      attributes: { 'gen_ai.output.type': 'json' },
    });
    const vertex = request({ contents: [] }, 'generateContent', 'gemini-2.5-pro', 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/');
    assert.equal(vertex.providerName, 'gcp.vertex_ai');
    assert.equal(vertex.model, 'gemini-2.5-pro');
  });

  test('non-streamed text, parallel function calls, thoughts and cached tokens', () => {
    assert.deepEqual(geminiGenerateContentAdapter.parseResponse(fixtureJson('gemini/generate-text.json'), request({}), 200), textResult('Pq4lab2rD6iSz7IPx8vK-QM'));
    const calls = geminiGenerateContentAdapter.parseResponse(fixtureJson('gemini/generate-function-call.json'), request({}), 200);
    assert.deepEqual(calls.outputMessages?.[0].parts, [
      { type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } },
      { type: 'tool_call', name: 'get_weather', arguments: { location: 'Tokyo' } },
    ]);
    const thinking = geminiGenerateContentAdapter.parseResponse(fixtureJson('gemini/generate-thinking.json'), request({}), 200);
    assert.deepEqual(thinking.outputMessages?.[0].parts, [
      { type: 'reasoning', content: '**Multiplying the numbers**\n\nI need 27 times 453, which is 12231.' },
      { type: 'text', content: '27 × 453 = 12,231.' },
    ]);
    assert.deepEqual(thinking.usage, { inputTokens: 2090, outputTokens: 12 + 187, totalTokens: 2289, cacheReadInputTokens: 2048, reasoningTokens: 187 });
  });

  test('alt=sse stream and JSON-array stream give the same result; the last cumulative usage wins', () => {
    const sse = accumulate(geminiGenerateContentAdapter.createStreamAccumulator(request({}, 'streamGenerateContent')), sseEvents('gemini/stream-text.sse'));
    assert.deepEqual(sse, textResult('Wr5mbc3sE7jTz7IPy9wL-RN'));
    const array = accumulate(geminiGenerateContentAdapter.createStreamAccumulator(request({}, 'streamGenerateContent')), jsonArrayEvents('gemini/stream-text-array.json'));
    assert.deepEqual(array, textResult('Xs6ncd4tF8kUz7IPz0xM-SO'));
  });

  test("Vertex's streamed function-call arguments (partialArgs) fold into one tool call each", () => {
    const result = accumulate(geminiGenerateContentAdapter.createStreamAccumulator(request({}, 'streamGenerateContent')), sseEvents('gemini/stream-function-call-partial-args.sse'));
    const events = sseEvents('gemini/stream-function-call-partial-args.sse');
    const last = JSON.parse((events.at(-1) as { data: string }).data);
    assert.deepEqual(result, {
      id: last.responseId,
      model: 'gemini-2.5-flash',
      outputMessages: [
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris, France', days: 3 } },
            { type: 'tool_call', name: 'get_weather', arguments: { location: 'Tokyo, Japan', days: 3 } },
          ],
          finish_reason: 'STOP',
        },
      ],
      finishReasons: ['STOP'],
      usage: { inputTokens: 58, outputTokens: 41 + 88, totalTokens: 187, reasoningTokens: 88 },
    });
    // Cut after the first chunks: the call is there with what has arrived, and no usage is made up.
    const partial = accumulate(geminiGenerateContentAdapter.createStreamAccumulator(request({}, 'streamGenerateContent')), events.slice(0, 3));
    assert.deepEqual(partial.outputMessages?.[0].parts, [{ type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris, France' } }]);
    assert.equal(partial.usage, undefined);
  });

  test('stream framing follows the content type; error bodies and errors in streams', () => {
    const req = request({}, 'streamGenerateContent');
    const sseResponse = new Response('', { headers: { 'content-type': 'text/event-stream' } });
    const arrayResponse = new Response('', { headers: { 'content-type': 'application/json; charset=UTF-8' } });
    assert.equal(geminiGenerateContentAdapter.streamFraming?.(sseResponse, req), 'sse');
    assert.equal(geminiGenerateContentAdapter.streamFraming?.(arrayResponse, req), 'json-array');
    assert.equal(geminiGenerateContentAdapter.isStream?.(arrayResponse, req), true);
    assert.equal(geminiGenerateContentAdapter.isStream?.(new Response('{}', { status: 429 }), req), false);
    assert.deepEqual(geminiGenerateContentAdapter.parseResponse(fixtureJson('gemini/error-429.json'), req, 429), {
      error: { type: 'RESOURCE_EXHAUSTED', message: fixtureJson('gemini/error-429.json').error.message },
    });
    const acc = geminiGenerateContentAdapter.createStreamAccumulator(req);
    acc.push({ kind: 'json', value: fixtureJson('gemini/error-500.json') });
    assert.deepEqual(acc.finish().error?.type, 'INTERNAL');
  });
});

describe('Gemini embeddings adapter', () => {
  test('embedContent and batchEmbedContents', () => {
    const req = geminiEmbedAdapter.parseRequest(requestInfo(`${base}gemini-embedding-001:batchEmbedContents`, { requests: [{ model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 }] }));
    assert.deepEqual(req, {
      providerName: 'gcp.gemini',
      operationName: 'embeddings',
      model: 'gemini-embedding-001',
      stream: false,
      params: {},
      attributes: { 'gen_ai.embeddings.dimension.count': 8 },
    });
    assert.deepEqual(geminiEmbedAdapter.parseResponse(fixtureJson('gemini/embed-content.json'), req, 200), { embeddings: { count: 1, dimensions: 8 } });
    assert.deepEqual(geminiEmbedAdapter.parseResponse(fixtureJson('gemini/batch-embed-contents.json'), req, 200), { embeddings: { count: 1, dimensions: 8 } });
  });
});
