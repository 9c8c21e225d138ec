import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { anthropicMessagesAdapter } from '../../../lib/providers/anthropic/anthropic-messages-adapter.js';
import { anthropicVertexAdapter } from '../../../lib/providers/anthropic/anthropic-vertex-adapter.js';
import { accumulate, fixtureJson, requestInfo, sseEvents } from '../../helpers/fixture-events.js';

const request = (body: unknown) => anthropicMessagesAdapter.parseRequest(requestInfo('https://api.anthropic.com/v1/messages', body));
const stream = (file: string) => accumulate(anthropicMessagesAdapter.createStreamAccumulator(request({ stream: true })), sseEvents(file));
// `input` is Anthropic's uncached `input_tokens`: the GenAI input count adds the cache reads and writes to it.
const usage = (input: number, output: number, cacheRead = 0, cacheCreation = 0) => ({
  inputTokens: input + cacheRead + cacheCreation,
  outputTokens: output,
  cacheReadInputTokens: cacheRead,
  cacheCreationInputTokens: cacheCreation,
});

describe('Anthropic messages adapter', () => {
  test('request: system blocks, tool_use / tool_result turns, thinking, images, tools', () => {
    const parsed = request({
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      temperature: 0.5,
      top_k: 40,
      stop_sequences: ['\n\nHuman:'],
      stream: true,
      system: [{ type: 'text', text: 'You are a weather bot.', cache_control: { type: 'ephemeral' } }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } }] },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'Use the tool.', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18°C' }] }] },
      ],
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } }, { type: 'web_search_20250305', name: 'web_search' }],
    });
    assert.deepEqual(parsed, {
      providerName: 'anthropic',
      operationName: 'chat',
      model: 'claude-haiku-4-5',
      stream: true,
      params: { temperature: 0.5, max_tokens: 1024, top_k: 40, stop_sequences: ['\n\nHuman:'] },
      inputMessages: [
        { role: 'user', parts: [{ type: 'text', content: 'Weather?' }, { type: 'blob', modality: 'image', mime_type: 'image/jpeg', content: '/9j/4AAQ' }] },
        {
          role: 'assistant',
          parts: [
            { type: 'reasoning', content: 'Use the tool.' },
            { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: { location: 'Paris' } },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'toolu_1', response: '18°C' }] },
      ],
      systemInstructions: [{ type: 'text', content: 'You are a weather bot.' }],
      toolDefinitions: [
        { type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object' } },
        { type: 'web_search_20250305', name: 'web_search' },
      ],
    });
    assert.deepEqual(request({ system: 'Be brief', messages: [{ role: 'user', content: 'Hi' }] }).systemInstructions, [{ type: 'text', content: 'Be brief' }]);
  });

  test('non-streamed text, tool use and thinking with cache usage', () => {
    assert.deepEqual(anthropicMessagesAdapter.parseResponse(fixtureJson('anthropic/messages-text.json'), request({}), 200), {
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      model: 'claude-sonnet-4-5-20250929',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'end_turn' }],
      finishReasons: ['end_turn'],
      usage: usage(21, 12),
    });
    const tool = anthropicMessagesAdapter.parseResponse(fixtureJson('anthropic/messages-tool-use.json'), request({}), 200);
    assert.deepEqual(tool.outputMessages, [
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: "I'll check the current weather in Paris for you." },
          { type: 'tool_call', id: 'toolu_01A09q90qw90lq917835lq9a', name: 'get_weather', arguments: { location: 'Paris' } },
        ],
        finish_reason: 'tool_use',
      },
    ]);
    const thinking = anthropicMessagesAdapter.parseResponse(fixtureJson('anthropic/messages-thinking.json'), request({}), 200);
    assert.deepEqual(thinking.outputMessages?.[0].parts[0], { type: 'reasoning', content: 'The user asks for 27 * 453. 27 * 453 = 12231.' });
    assert.deepEqual(thinking.usage, usage(14, 58, 2048, 512));
  });

  test('streamed text: message_start input usage, message_delta final output usage, pings ignored', () => {
    assert.deepEqual(stream('anthropic/messages-text.sse'), {
      id: 'msg_01HCDu5LRGeP2o7s2xGmxyBy',
      model: 'claude-sonnet-4-5-20250929',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'end_turn' }],
      finishReasons: ['end_turn'],
      usage: usage(21, 12),
    });
  });

  test('streamed tool use (input_json_delta) and thinking (thinking_delta, signature_delta)', () => {
    assert.deepEqual(stream('anthropic/messages-tool-use.sse').outputMessages, [
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: "I'll check the current weather in Paris for you." },
          { type: 'tool_call', id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', arguments: { location: 'Paris' } },
        ],
        finish_reason: 'tool_use',
      },
    ]);
    const thinking = stream('anthropic/messages-thinking.sse');
    assert.deepEqual(thinking.outputMessages?.[0].parts, [
      { type: 'reasoning', content: 'The user asks for 27 * 453. 27 * 453 = 12231.' },
      { type: 'text', content: '27 × 453 = 12,231.' },
    ]);
    assert.deepEqual(thinking.usage, usage(14, 58, 2048, 0));
  });

  test('error event mid-stream and error bodies', () => {
    const failed = stream('anthropic/messages-error.sse');
    assert.deepEqual(failed, {
      id: 'msg_01Fr7oB1cQ6rT8uV0wX2yZ4a',
      model: 'claude-sonnet-4-5-20250929',
      outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] }],
      usage: usage(21, 1),
      error: { type: 'overloaded_error', message: 'Overloaded' },
    });
    assert.deepEqual(anthropicMessagesAdapter.parseResponse(fixtureJson('anthropic/error-500.json'), request({}), 500), {
      error: { type: 'api_error', message: 'Internal server error' },
    });
  });

  test('server tool use and its result block in a stream', () => {
    const acc = anthropicMessagesAdapter.createStreamAccumulator(request({}));
    const events = [
      { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"query":"weather paris"}' } },
      { type: 'content_block_start', index: 1, content_block: { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://x.test', title: 'X' }] } },
    ];
    for (const e of events) acc.push({ kind: 'sse', event: e.type, data: JSON.stringify(e) });
    assert.deepEqual(acc.finish().outputMessages?.[0].parts, [
      { type: 'tool_call', id: 'srvtoolu_1', name: 'web_search', arguments: { query: 'weather paris' } },
      { type: 'tool_call_response', id: 'srvtoolu_1', response: [{ type: 'web_search_result', url: 'https://x.test', title: 'X' }] },
    ]);
  });

  test('Claude on Vertex AI: model and streaming from the path', () => {
    const url = 'https://us-east5-aiplatform.googleapis.com/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:streamRawPredict';
    const info = requestInfo(url, { anthropic_version: 'vertex-2023-10-16', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    assert.equal(anthropicVertexAdapter.matches(info), true);
    assert.equal(anthropicMessagesAdapter.matches(info), false);
    const parsed = anthropicVertexAdapter.parseRequest(info);
    assert.equal(parsed.providerName, 'gcp.vertex_ai');
    assert.equal(parsed.model, 'claude-haiku-4-5@20251001');
    assert.equal(parsed.stream, true);
    assert.deepEqual(accumulate(anthropicVertexAdapter.createStreamAccumulator(parsed), sseEvents('anthropic/messages-text.sse')).usage, usage(21, 12));
  });
});
