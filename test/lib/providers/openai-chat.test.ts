import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openAiChatAdapter } from '../../../lib/providers/openai/openai-chat-adapter.js';
import { accumulate, fixtureJson, requestInfo, sseEvents } from '../../helpers/fixture-events.js';

const request = (body: unknown, url = 'https://api.openai.com/v1/chat/completions') => openAiChatAdapter.parseRequest(requestInfo(url, body));
const stream = (file: string) => accumulate(openAiChatAdapter.createStreamAccumulator(request({ stream: true })), sseEvents(file));
const fullUsage = (input: number, output: number, cached = 0, reasoning = 0) => ({
  inputTokens: input,
  outputTokens: output,
  totalTokens: input + output,
  cacheReadInputTokens: cached,
  reasoningTokens: reasoning,
});

describe('OpenAI chat completions adapter', () => {
  test('parses a request with system, tools, tool calls and tool results', () => {
    const parsed = request({
      model: 'gpt-4o-mini',
      temperature: 0.2,
      max_completion_tokens: 300,
      top_p: 0.9,
      stop: 'END',
      n: 1,
      seed: 7,
      service_tier: 'flex',
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather here?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '18°C' },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather', parameters: { type: 'object' } } }],
    });
    assert.deepEqual(parsed, {
      providerName: 'openai',
      operationName: 'chat',
      model: 'gpt-4o-mini',
      stream: false,
      params: { temperature: 0.2, max_tokens: 300, top_p: 0.9, stop_sequences: ['END'], seed: 7 },
      inputMessages: [
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        {
          role: 'user',
          parts: [
            { type: 'text', content: 'Weather here?' },
            { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBORw0KGgo=' },
          ],
        },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { location: 'Paris' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '18°C' }] },
      ],
      toolDefinitions: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } }],
      attributes: { 'openai.request.service_tier': 'flex', 'gen_ai.output.type': 'json' },
    });
    assert.equal(request({ model: 'x', n: 3, messages: [] }).params.choice_count, 3);
  });

  test('non-streamed text', () => {
    assert.deepEqual(openAiChatAdapter.parseResponse(fixtureJson('openai/chat-text.json'), request({}), 200), {
      id: 'chatcmpl-BV4xQ2f7rK9mZ3nTqYw8pLc1dHs0E',
      model: 'gpt-4o-mini-2024-07-18',
      finishReasons: ['stop'],
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'stop' }],
      usage: fullUsage(19, 10),
      attributes: { 'openai.response.service_tier': 'default', 'openai.response.system_fingerprint': 'fp_0392822090' },
    });
  });

  test('non-streamed parallel tool calls, n=2, refusal, cached and reasoning tokens', () => {
    const tools = openAiChatAdapter.parseResponse(fixtureJson('openai/chat-tool-calls.json'), request({}), 200);
    assert.deepEqual(tools.outputMessages, [
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', arguments: { location: 'Paris' } },
          { type: 'tool_call', id: 'call_Qm3TnR8vY2wZ5xK7pL9sB4cE', name: 'get_weather', arguments: { location: 'Tokyo' } },
        ],
        finish_reason: 'tool_calls',
      },
    ]);
    const two = openAiChatAdapter.parseResponse(fixtureJson('openai/chat-multiple-choices.json'), request({}), 200);
    assert.deepEqual(two.finishReasons, ['stop', 'length']);
    assert.deepEqual(two.outputMessages?.map((m) => m.parts), [
      [{ type: 'text', content: 'Roses bloom in spring light.' }],
      [{ type: 'text', content: 'Petals fall on quiet' }],
    ]);
    const refusal = openAiChatAdapter.parseResponse(fixtureJson('openai/chat-refusal.json'), request({}), 200);
    assert.deepEqual(refusal.outputMessages?.[0].parts, [{ type: 'refusal', content: "I'm sorry, I can't help with that request." }]);
    const reasoning = openAiChatAdapter.parseResponse(fixtureJson('openai/chat-reasoning.json'), request({}), 200);
    assert.deepEqual(reasoning.usage, fullUsage(1342, 212, 1152, 192));
  });

  test('streamed text with the include_usage chunk (empty choices)', () => {
    assert.deepEqual(stream('openai/chat-text.sse'), {
      id: 'chatcmpl-BV4xT9aLm2QkR7vXc3nJ0pWb5eHs1',
      model: 'gpt-4o-mini-2024-07-18',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'stop' }],
      finishReasons: ['stop'],
      usage: fullUsage(19, 10),
      attributes: { 'openai.response.service_tier': 'default', 'openai.response.system_fingerprint': 'fp_0392822090' },
    });
  });

  test('streamed parallel tool calls: argument deltas assembled by index', () => {
    const result = stream('openai/chat-tool-calls.sse');
    assert.deepEqual(result.outputMessages, [
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', arguments: { location: 'Paris' } },
          { type: 'tool_call', id: 'call_Qm3TnR8vY2wZ5xK7pL9sB4cE', name: 'get_weather', arguments: { location: 'Tokyo' } },
        ],
        finish_reason: 'tool_calls',
      },
    ]);
    assert.deepEqual(result.usage, fullUsage(81, 46));
  });

  test('a stream cut short keeps what arrived; no usage means no token counts', () => {
    const events = sseEvents('openai/chat-tool-calls.sse').slice(0, 4);
    const result = accumulate(openAiChatAdapter.createStreamAccumulator(request({})), events);
    assert.equal(result.usage, undefined);
    assert.equal(result.finishReasons, undefined);
    assert.deepEqual(result.outputMessages?.[0].parts, [
      { type: 'tool_call', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', arguments: '{"location": "Pa' },
    ]);
  });

  test('reasoning deltas of compatible servers, and an in-stream error', () => {
    const acc = openAiChatAdapter.createStreamAccumulator(request({}));
    acc.push({ kind: 'sse', data: '{"id":"x","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","reasoning_content":"Think"}}]}' });
    acc.push({ kind: 'sse', data: '{"id":"x","choices":[{"index":0,"delta":{"content":"Done"},"finish_reason":"stop"}]}' });
    acc.push({ kind: 'sse', data: JSON.stringify(fixtureJson('openai/error-500.json')) });
    acc.push({ kind: 'sse', data: '[DONE]' });
    assert.deepEqual(acc.finish(), {
      id: 'x',
      model: 'deepseek-reasoner',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'reasoning', content: 'Think' }, { type: 'text', content: 'Done' }], finish_reason: 'stop' }],
      finishReasons: ['stop'],
      error: { type: 'server_error', message: 'The server had an error while processing your request. Sorry about that!' },
    });
  });

  test('compatible hosts: Groq x_groq usage on the last chunk, DeepSeek cache-hit tokens, OpenRouter cache writes', () => {
    const groq = openAiChatAdapter.createStreamAccumulator(request({}, 'https://api.groq.com/openai/v1/chat/completions'));
    groq.push({ kind: 'sse', data: '{"id":"chatcmpl-g","model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"x_groq":{"id":"req_01"}}' });
    groq.push({ kind: 'sse', data: '{"id":"chatcmpl-g","model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_01","usage":{"queue_time":0.02,"prompt_tokens":40,"prompt_time":0.002,"completion_tokens":2,"completion_time":0.004,"total_tokens":42,"total_time":0.006}}}' });
    groq.push({ kind: 'sse', data: '[DONE]' });
    assert.deepEqual(groq.finish().usage, { inputTokens: 40, outputTokens: 2, totalTokens: 42 });
    const deepseek = openAiChatAdapter.parseResponse(
      { id: 'd', model: 'deepseek-chat', choices: [], usage: { prompt_tokens: 120, completion_tokens: 9, total_tokens: 129, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 56 } },
      request({}),
      200,
    );
    assert.deepEqual(deepseek.usage, { inputTokens: 120, outputTokens: 9, totalTokens: 129, cacheReadInputTokens: 64 });
    // OpenRouter's usage, as its usage-accounting docs show it (an Anthropic model behind it writing the cache).
    const openrouter = openAiChatAdapter.parseResponse(
      {
        id: 'o',
        model: 'anthropic/claude-sonnet-4.5',
        choices: [],
        usage: { prompt_tokens: 194, completion_tokens: 2, total_tokens: 196, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 100, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } },
      },
      request({}, 'https://openrouter.ai/api/v1/chat/completions'),
      200,
    );
    assert.deepEqual(openrouter.usage, { inputTokens: 194, outputTokens: 2, totalTokens: 196, cacheReadInputTokens: 0, cacheCreationInputTokens: 100, reasoningTokens: 0 });
  });

  test('error bodies', () => {
    assert.deepEqual(openAiChatAdapter.parseResponse(fixtureJson('openai/error-429.json'), request({}), 429), {
      error: { type: 'rate_limit_exceeded', message: fixtureJson('openai/error-429.json').error.message },
    });
  });
});
