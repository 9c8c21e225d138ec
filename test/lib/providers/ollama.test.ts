import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ollamaChatAdapter } from '../../../lib/providers/ollama/ollama-chat-adapter.js';
import { ollamaEmbedAdapter } from '../../../lib/providers/ollama/ollama-embed-adapter.js';
import { ollamaGenerateAdapter } from '../../../lib/providers/ollama/ollama-generate-adapter.js';
import { adapterSeesStream } from '../../../lib/providers/shared/response-is-stream.js';
import { accumulate, fixtureJson, ndjsonEvents, requestInfo } from '../../helpers/fixture-events.js';

const chat = (body: unknown) => ollamaChatAdapter.parseRequest(requestInfo('http://localhost:11434/api/chat', body));
const textResult = {
  model: 'llama3.2',
  outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'stop' }],
  finishReasons: ['stop'],
  usage: { inputTokens: 31, outputTokens: 10 },
};

describe('Ollama native adapters', () => {
  test('chat request: streams by default, options as params, tool turns', () => {
    assert.deepEqual(
      chat({
        model: 'llama3.2',
        options: { temperature: 0.1, num_predict: 64, top_k: 5, stop: ['x'] },
        messages: [
          { role: 'user', content: 'Weather?', images: ['iVBOR'] },
          { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { location: 'Paris' } } }] },
          { role: 'tool', content: '18°C', tool_name: 'get_weather' },
        ],
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } } }],
      }),
      {
        providerName: 'ollama',
        operationName: 'chat',
        model: 'llama3.2',
        stream: true,
        params: { temperature: 0.1, max_tokens: 64, top_k: 5, stop_sequences: ['x'] },
        inputMessages: [
          { role: 'user', parts: [{ type: 'text', content: 'Weather?' }, { type: 'blob', modality: 'image', content: 'iVBOR' }] },
          { role: 'assistant', parts: [{ type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } }] },
          { role: 'tool', name: 'get_weather', parts: [{ type: 'tool_call_response', response: '18°C' }] },
        ],
        toolDefinitions: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      },
    );
    assert.equal(chat({ model: 'llama3.2', stream: false, messages: [] }).stream, false);
  });

  test('chat: non-streamed and NDJSON stream give the same result; tool calls', () => {
    assert.deepEqual(ollamaChatAdapter.parseResponse(fixtureJson('ollama/chat-text.json'), chat({}), 200), textResult);
    assert.deepEqual(accumulate(ollamaChatAdapter.createStreamAccumulator(chat({})), ndjsonEvents('ollama/chat-text.ndjson')), textResult);
    const tools = accumulate(ollamaChatAdapter.createStreamAccumulator(chat({})), ndjsonEvents('ollama/chat-tool-calls.ndjson'));
    assert.deepEqual(tools.outputMessages?.[0].parts, [{ type: 'tool_call', name: 'get_weather', arguments: { location: 'Paris' } }]);
    assert.deepEqual(tools.usage, { inputTokens: 163, outputTokens: 18 });
  });

  test('generate: request, stream, response; error bodies and error lines', () => {
    const req = ollamaGenerateAdapter.parseRequest(requestInfo('http://localhost:11434/api/generate', { model: 'llama3.2', prompt: 'Why is the sky blue?', system: 'Short answers.' }));
    assert.deepEqual(req, {
      providerName: 'ollama',
      operationName: 'text_completion',
      model: 'llama3.2',
      stream: true,
      params: {},
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Why is the sky blue?' }] }],
      systemInstructions: [{ type: 'text', content: 'Short answers.' }],
    });
    const expected = {
      model: 'llama3.2',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'The sky is blue because of Rayleigh scattering.' }], finish_reason: 'stop' }],
      finishReasons: ['stop'],
      usage: { inputTokens: 30, outputTokens: 11 },
    };
    assert.deepEqual(ollamaGenerateAdapter.parseResponse(fixtureJson('ollama/generate-text.json'), req, 200), expected);
    assert.deepEqual(accumulate(ollamaGenerateAdapter.createStreamAccumulator(req), ndjsonEvents('ollama/generate-text.ndjson')), expected);
    assert.deepEqual(ollamaGenerateAdapter.parseResponse(fixtureJson('ollama/error-404.json'), req, 404), {
      error: { type: 'error', message: 'model "llama3.2" not found, try pulling it first' },
    });
    const acc = ollamaChatAdapter.createStreamAccumulator(req);
    acc.push({ kind: 'json', value: fixtureJson('ollama/error-500.json') });
    assert.deepEqual(acc.finish(), { error: { type: 'error', message: 'llama runner process has terminated: signal: killed' } });
  });

  test('is a stream only when Ollama answers NDJSON successfully', () => {
    const req = chat({ model: 'llama3.2', messages: [] });
    assert.equal(adapterSeesStream(ollamaChatAdapter, new Response('', { headers: { 'content-type': 'application/x-ndjson' } }), req), true);
    assert.equal(adapterSeesStream(ollamaChatAdapter, new Response('{}', { headers: { 'content-type': 'application/json; charset=utf-8' } }), req), false);
    assert.equal(adapterSeesStream(ollamaChatAdapter, new Response('{}', { status: 404, headers: { 'content-type': 'application/json' } }), req), false);
    assert.equal(ollamaChatAdapter.streamFraming?.(new Response('', { headers: { 'content-type': 'application/x-ndjson' } }), req), 'ndjson');
  });

  test('embeddings (/api/embed and /api/embeddings)', () => {
    const req = ollamaEmbedAdapter.parseRequest(requestInfo('http://localhost:11434/api/embed', { model: 'nomic-embed-text', input: ['a', 'b'] }));
    assert.deepEqual(ollamaEmbedAdapter.parseResponse({ model: 'nomic-embed-text', embeddings: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], prompt_eval_count: 4 }, req, 200), {
      model: 'nomic-embed-text',
      embeddings: { count: 2, dimensions: 3 },
      usage: { inputTokens: 4 },
    });
    assert.deepEqual(ollamaEmbedAdapter.parseResponse({ embedding: [0.1, 0.2] }, req, 200), { embeddings: { count: 1, dimensions: 2 } });
  });
});
