import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openAiCompletionsAdapter } from '../../../lib/providers/openai/openai-completions-adapter.js';
import { openAiEmbeddingsAdapter } from '../../../lib/providers/openai/openai-embeddings-adapter.js';
import { accumulate, fixtureJson, requestInfo, sseEvents } from '../../helpers/fixture-events.js';

describe('OpenAI embeddings adapter', () => {
  const url = 'https://api.openai.com/v1/embeddings';
  test('request and response (float and base64 vectors)', () => {
    const request = openAiEmbeddingsAdapter.parseRequest(requestInfo(url, { model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'base64', dimensions: 8 }));
    assert.deepEqual(request, {
      providerName: 'openai',
      operationName: 'embeddings',
      model: 'text-embedding-3-small',
      stream: false,
      params: { encoding_formats: ['base64'] },
      attributes: { 'gen_ai.embeddings.dimension.count': 8 },
    });
    assert.deepEqual(openAiEmbeddingsAdapter.parseResponse(fixtureJson('openai/embeddings.json'), request, 200), {
      model: 'text-embedding-3-small',
      embeddings: { count: 1, dimensions: 8 },
      usage: { inputTokens: 8, totalTokens: 8 },
    });
    const base64 = Buffer.from(new Float32Array(1536).buffer).toString('base64');
    const encoded = openAiEmbeddingsAdapter.parseResponse({ data: [{ embedding: base64 }, { embedding: base64 }], usage: { prompt_tokens: 2, total_tokens: 2 } }, request, 200);
    assert.deepEqual(encoded.embeddings, { count: 2, dimensions: 1536 });
  });
});

describe('OpenAI legacy completions adapter', () => {
  const url = 'https://api.openai.com/v1/completions';
  const request = openAiCompletionsAdapter.parseRequest(requestInfo(url, { model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test', max_tokens: 7, temperature: 0 }));
  test('request', () => {
    assert.deepEqual(request, {
      providerName: 'openai',
      operationName: 'text_completion',
      model: 'gpt-3.5-turbo-instruct',
      stream: false,
      params: { temperature: 0, max_tokens: 7 },
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Say this is a test' }] }],
    });
  });
  const expected = (id: string) => ({
    id,
    model: 'gpt-3.5-turbo-instruct:20230824-v2',
    outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: '\n\nThis is indeed a test.' }], finish_reason: 'stop' }],
    finishReasons: ['stop'],
    usage: { inputTokens: 5, outputTokens: 7, totalTokens: 12 },
  });
  test('non-streamed and streamed', () => {
    assert.deepEqual(openAiCompletionsAdapter.parseResponse(fixtureJson('openai/completions.json'), request, 200), expected('cmpl-BV4z3hJ6kL8mN0pQ2rS4tU6vW8xY0'));
    assert.deepEqual(
      accumulate(openAiCompletionsAdapter.createStreamAccumulator(request), sseEvents('openai/completions.sse')),
      expected('cmpl-BV4z5jL8mN0pQ2rS4tU6vW8xY0zA2'),
    );
  });
});
