import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openAiResponsesAdapter } from '../../../lib/providers/openai/openai-responses-adapter.js';
import { accumulate, fixtureJson, requestInfo, sseEvents } from '../../helpers/fixture-events.js';

const request = (body: unknown) => openAiResponsesAdapter.parseRequest(requestInfo('https://api.openai.com/v1/responses', body));
const stream = (file: string) => accumulate(openAiResponsesAdapter.createStreamAccumulator(request({ stream: true })), sseEvents(file));
const usage = (input: number, output: number, cached = 0, reasoning = 0) => ({
  inputTokens: input,
  outputTokens: output,
  totalTokens: input + output,
  cacheReadInputTokens: cached,
  reasoningTokens: reasoning,
});
const attributes = { 'openai.response.service_tier': 'default' };

describe('OpenAI Responses adapter', () => {
  test('input as a string, instructions as system instructions', () => {
    assert.deepEqual(request({ model: 'gpt-4.1-mini', input: 'Hi', instructions: 'Be brief', max_output_tokens: 50, stream: true }), {
      providerName: 'openai',
      operationName: 'chat',
      model: 'gpt-4.1-mini',
      stream: true,
      params: { max_tokens: 50 },
      inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Hi' }] }],
      systemInstructions: [{ type: 'text', content: 'Be brief' }],
    });
  });

  test('input as items: messages, function calls and their outputs, reasoning; function tools', () => {
    const parsed = request({
      model: 'gpt-4.1-mini',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }, { type: 'input_image', image_url: 'https://x.test/a.png' }] },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Need the tool' }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"temperature":18}' },
      ],
      tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' }, strict: true }, { type: 'web_search' }],
      text: { format: { type: 'json_schema', name: 'x', schema: {} } },
    });
    assert.deepEqual(parsed.inputMessages, [
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }, { type: 'uri', modality: 'image', uri: 'https://x.test/a.png' }] },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Need the tool' },
          { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { location: 'Paris' } },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"temperature":18}' }] },
    ]);
    assert.deepEqual(parsed.toolDefinitions, [
      { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
      { type: 'web_search' },
    ]);
    assert.deepEqual(parsed.attributes, { 'gen_ai.output.type': 'json' });
  });

  test('non-streamed text, function call, reasoning with cached and reasoning tokens', () => {
    assert.deepEqual(openAiResponsesAdapter.parseResponse(fixtureJson('openai/responses-text.json'), request({}), 200), {
      id: 'resp_68a1f0c2d4e88190b2a3c4d5e6f708090a1b2c3d4e5f6a7b',
      model: 'gpt-4.1-mini-2025-04-14',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'stop' }],
      finishReasons: ['stop'],
      usage: usage(27, 10),
      attributes,
    });
    const call = openAiResponsesAdapter.parseResponse(fixtureJson('openai/responses-tool-call.json'), request({}), 200);
    assert.deepEqual(call.outputMessages, [
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_Vx3kP9mQ2tL7wR4nB8yZ6cJd', name: 'get_weather', arguments: { location: 'Paris' } }],
        finish_reason: 'tool_calls',
      },
    ]);
    const reasoning = openAiResponsesAdapter.parseResponse(fixtureJson('openai/responses-reasoning.json'), request({}), 200);
    assert.deepEqual(reasoning.outputMessages?.[0].parts, [
      { type: 'reasoning', content: '**Computing the product**\n\nMultiplying 6 by 7 gives 42.' },
      { type: 'text', content: '6 × 7 = 42.' },
    ]);
    assert.deepEqual(reasoning.usage, usage(1290, 274, 1152, 256));
  });

  test('streamed text: response.completed carries the final usage', () => {
    assert.deepEqual(stream('openai/responses-text.sse'), {
      id: 'resp_68a1f0c2d4e88190b2a3c4d5e6f708090a1b2c3d4e5f6a7b',
      model: 'gpt-4.1-mini-2025-04-14',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'stop' }],
      finishReasons: ['stop'],
      usage: usage(27, 10),
      attributes,
    });
  });

  test('streamed function call, and the deltas alone when the stream is cut before response.completed', () => {
    assert.deepEqual(stream('openai/responses-tool-call.sse').outputMessages?.[0].parts, [
      { type: 'tool_call', id: 'call_Vx3kP9mQ2tL7wR4nB8yZ6cJd', name: 'get_weather', arguments: { location: 'Paris' } },
    ]);
    const events = sseEvents('openai/responses-tool-call.sse');
    const cut = accumulate(openAiResponsesAdapter.createStreamAccumulator(request({})), events.slice(0, events.length - 3));
    assert.deepEqual(cut, {
      id: 'resp_68a1f0cf5e3c8190b6d5c4b3a2f1e0d90e8f7a6b5c4d3e2f',
      model: 'gpt-4.1-mini-2025-04-14',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'tool_call', id: 'call_Vx3kP9mQ2tL7wR4nB8yZ6cJd', name: 'get_weather', arguments: { location: 'Paris' } }] }],
    });
  });

  test('response.failed and error events', () => {
    const failed = stream('openai/responses-failed.sse');
    assert.deepEqual(failed.error, {
      type: 'server_error',
      message: 'The model produced invalid content. Consider modifying your prompt if you are seeing this error persistently.',
    });
    assert.deepEqual(failed.finishReasons, ['error']);
    assert.deepEqual(failed.outputMessages?.[0].parts, [{ type: 'text', content: 'Hello' }]);
    const acc = openAiResponsesAdapter.createStreamAccumulator(request({}));
    acc.push({ kind: 'sse', event: 'error', data: '{"type":"error","sequence_number":3,"code":"rate_limit_exceeded","message":"Slow down","param":null}' });
    assert.deepEqual(acc.finish(), { error: { type: 'rate_limit_exceeded', message: 'Slow down' } });
  });
});
