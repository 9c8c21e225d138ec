import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { builtInProviders } from '../../../lib/providers/index.js';
import { requestInfo } from '../../helpers/fixture-events.js';

const find = (url: string, method = 'POST') => builtInProviders.find((a) => a.matches(requestInfo(url, {}, method)));

describe('built-in provider registry', () => {
  test('recognises each wire from the URL path on any host', () => {
    const cases: Array<[string, string | undefined]> = [
      ['https://api.openai.com/v1/chat/completions', 'openai.chat'],
      ['https://my-gateway.internal/llm/v1/chat/completions/', 'openai.chat'],
      ['https://acme.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21', 'openai.chat'],
      ['https://api.openai.com/v1/responses', 'openai.responses'],
      ['https://api.openai.com/v1/embeddings', 'openai.embeddings'],
      ['https://api.openai.com/v1/completions', 'openai.completions'],
      ['https://api.anthropic.com/v1/messages', 'anthropic.messages'],
      ['https://api.deepseek.com/anthropic/v1/messages', 'anthropic.messages'],
      ['https://api.openai.com/v1/threads/thread_1/messages', undefined],
      ['https://api.anthropic.com/v1/messages/count_tokens', undefined],
      ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent', 'gemini.generate-content'],
      ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', 'gemini.generate-content'],
      ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens', undefined],
      ['https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents', 'gemini.embed'],
      ['http://localhost:11434/api/chat', 'ollama.chat'],
      ['http://localhost:11434/api/generate', 'ollama.generate'],
      ['http://localhost:11434/api/embeddings', 'ollama.embed'],
      ['http://localhost:11434/v1/chat/completions', 'openai.chat'],
      ['https://example.com/api/users', undefined],
    ];
    for (const [url, id] of cases) assert.equal(find(url)?.id, id, url);
    assert.equal(find('https://api.openai.com/v1/chat/completions', 'GET'), undefined);
    assert.equal(find('https://api.openai.com/v1/responses/resp_1', 'GET'), undefined);
  });

  test('names OpenAI-compatible providers from the host; unknown hosts on the OpenAI wire are openai', () => {
    const cases: Array<[string, string]> = [
      ['https://api.openai.com/v1/chat/completions', 'openai'],
      ['https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', 'azure.ai.openai'],
      ['https://acme.cognitiveservices.azure.com/openai/v1/chat/completions', 'azure.ai.openai'],
      ['https://api.groq.com/openai/v1/chat/completions', 'groq'],
      ['https://api.together.xyz/v1/chat/completions', 'together_ai'],
      ['https://openrouter.ai/api/v1/chat/completions', 'openrouter'],
      ['https://api.mistral.ai/v1/chat/completions', 'mistral_ai'],
      ['https://api.deepseek.com/chat/completions', 'deepseek'],
      ['https://api.x.ai/v1/chat/completions', 'x_ai'],
      ['https://api.fireworks.ai/inference/v1/chat/completions', 'fireworks'],
      ['https://api.perplexity.ai/chat/completions', 'perplexity'],
      ['https://generativelanguage.googleapis.com/v1beta/openai/chat/completions', 'gcp.gemini'],
      ['http://localhost:11434/v1/chat/completions', 'ollama'],
      ['http://localhost:8000/v1/chat/completions', 'openai'],
      ['https://litellm.corp.example/v1/chat/completions', 'openai'],
    ];
    for (const [url, name] of cases) {
      const adapter = find(url)!;
      assert.equal(adapter.parseRequest(requestInfo(url, { model: 'm', messages: [] })).providerName, name, url);
    }
  });

  test('Azure: the model comes from the body, else from the deployment in the path', () => {
    const url = 'https://acme.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21';
    assert.equal(find(url)!.parseRequest(requestInfo(url, { messages: [] })).model, 'gpt-4o-prod');
    assert.equal(find(url)!.parseRequest(requestInfo(url, { model: 'gpt-4o', messages: [] })).model, 'gpt-4o');
  });

  test('adapters never throw on odd input and return partial data', () => {
    const odd: unknown[] = [undefined, null, 0, 'text', [], [null], { messages: 'no' }, { messages: [null, 3, { role: 7, content: {} }] },
      { input: [{ type: 'function_call' }, 5] }, { contents: { parts: 'x' } }, { system: [{}], tools: [null, { input_schema: 1 }] },
      { choices: [{ delta: null }, null], usage: 'x' }, { candidates: [{ content: { parts: [null, {}] } }], usageMetadata: null },
      { error: null }, { error: 42 }, { type: 'error' }, { output: [null, { type: 'reasoning', summary: 'x' }] }];
    const events = ['', 'not json', '[DONE]', 'null', '42', '{"type":"content_block_delta","index":5,"delta":{}}', '{"choices":[{"index":"x","delta":{"tool_calls":[null,{"function":null}]}}]}',
      '{"type":"response.output_text.delta","delta":7}', '{"type":"message_start","message":null}', '{"candidates":null}'];
    for (const adapter of builtInProviders) {
      for (const body of odd) {
        const req = adapter.parseRequest(requestInfo('https://x.test/v1/models/m:generateContent', body));
        assert.equal(typeof req.providerName, 'string');
        adapter.parseResponse(body, req, 200);
        adapter.parseResponse(body, req, 500);
        const acc = adapter.createStreamAccumulator(req);
        for (const data of events) acc.push({ kind: 'sse', data });
        acc.push({ kind: 'json', value: body });
        assert.equal(typeof acc.finish(), 'object');
      }
    }
  });
});
