import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeGenAi, type GenAiSource } from '../../../viewer/shared/normalize-gen-ai.js';
import { createPriceTable, estimateCostUsd, findModelPrice, DEFAULT_MODEL_PRICES } from '../../../viewer/shared/model-prices.js';
import type { Attributes } from '../../../viewer/shared/api-types.js';

// One conversation (system prompt, user question, assistant tool call, tool result, final answer) in every dialect.
const SYSTEM = 'You are terse.';
const QUESTION = "What's the weather in Paris?";
const ANSWER = '18°C in Paris.';
const ARGS = { location: 'Paris' };
const RESULT = { temp: 18 };

const EXPECTED = {
  provider: 'openai',
  operation: 'chat',
  requestModel: 'gpt-4o-mini',
  inputTokens: 20,
  outputTokens: 10,
  systemInstructions: [{ type: 'text', content: SYSTEM }],
  inputMessages: [
    { role: 'user', parts: [{ type: 'text', content: QUESTION }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: ARGS }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: RESULT }] },
  ],
  outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' }],
  finishReasons: ['stop'],
  costUsd: 0.000009,
};

const DIALECTS: Record<string, GenAiSource> = {
  'current GenAI conventions': {
    attributes: {
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 10,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: SYSTEM }]),
      'gen_ai.input.messages': JSON.stringify([
        { role: 'user', parts: [{ type: 'text', content: QUESTION }] },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: ARGS }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: RESULT }] },
      ]),
      'gen_ai.output.messages': JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: ANSWER }], finish_reason: 'stop' },
      ]),
    },
  },
  'OpenLLMetry indexed attributes': {
    attributes: {
      'gen_ai.system': 'OpenAI',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.prompt_tokens': 20,
      'gen_ai.usage.completion_tokens': 10,
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': SYSTEM,
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': QUESTION,
      'gen_ai.prompt.2.role': 'assistant',
      'gen_ai.prompt.2.tool_calls.0.id': 'call_1',
      'gen_ai.prompt.2.tool_calls.0.name': 'get_weather',
      'gen_ai.prompt.2.tool_calls.0.arguments': JSON.stringify(ARGS),
      'gen_ai.prompt.3.role': 'tool',
      'gen_ai.prompt.3.content': JSON.stringify(RESULT),
      'gen_ai.prompt.3.tool_call_id': 'call_1',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': ANSWER,
      'gen_ai.completion.0.finish_reason': 'stop',
    },
  },
  'OpenLLMetry llm.usage.*': {
    attributes: {
      'gen_ai.system': 'openai',
      'llm.request.type': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llm.usage.prompt_tokens': 20,
      'llm.usage.completion_tokens': 10,
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': SYSTEM,
      'gen_ai.prompt.1.role': 'user',
      // OpenAI-style content part arrays, as OpenLLMetry writes them for multi-part messages
      'gen_ai.prompt.1.content': JSON.stringify([{ type: 'text', text: QUESTION }]),
      'gen_ai.prompt.2.role': 'assistant',
      'gen_ai.prompt.2.tool_calls.0.id': 'call_1',
      'gen_ai.prompt.2.tool_calls.0.name': 'get_weather',
      'gen_ai.prompt.2.tool_calls.0.arguments': JSON.stringify(ARGS),
      'gen_ai.prompt.3.role': 'tool',
      'gen_ai.prompt.3.content': JSON.stringify(RESULT),
      'gen_ai.prompt.3.tool_call_id': 'call_1',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.content': ANSWER,
      'gen_ai.completion.0.finish_reason': 'stop',
    },
  },
  'GenAI message events': {
    attributes: {
      'gen_ai.system': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 20,
      'gen_ai.usage.output_tokens': 10,
    },
    events: [
      { name: 'gen_ai.system.message', timeUnixNano: '1', attributes: { content: SYSTEM } },
      { name: 'gen_ai.user.message', timeUnixNano: '1', attributes: { content: QUESTION } },
      {
        name: 'gen_ai.assistant.message',
        timeUnixNano: '1',
        attributes: {
          tool_calls: JSON.stringify([
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: JSON.stringify(ARGS) } },
          ]),
        },
      },
      { name: 'gen_ai.tool.message', timeUnixNano: '1', attributes: { content: JSON.stringify(RESULT), id: 'call_1' } },
      {
        name: 'gen_ai.choice',
        timeUnixNano: '1',
        attributes: { index: 0, finish_reason: 'stop', message: JSON.stringify({ role: 'assistant', content: ANSWER }) },
      },
    ],
  },
  OpenInference: {
    attributes: {
      'openinference.span.kind': 'LLM',
      'llm.provider': 'openai',
      'llm.model_name': 'gpt-4o-mini',
      'llm.token_count.prompt': 20,
      'llm.token_count.completion': 10,
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': SYSTEM,
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.contents.0.message_content.type': 'text',
      'llm.input_messages.1.message.contents.0.message_content.text': QUESTION,
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.tool_calls.0.tool_call.id': 'call_1',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.name': 'get_weather',
      'llm.input_messages.2.message.tool_calls.0.tool_call.function.arguments': JSON.stringify(ARGS),
      'llm.input_messages.3.message.role': 'tool',
      'llm.input_messages.3.message.content': JSON.stringify(RESULT),
      'llm.input_messages.3.message.tool_call_id': 'call_1',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': ANSWER,
    },
  },
  'Vercel AI SDK 5': {
    attributes: {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.provider': 'openai.chat',
      'ai.model.id': 'gpt-4o-mini',
      'ai.usage.inputTokens': 20,
      'ai.usage.outputTokens': 10,
      'ai.prompt.messages': JSON.stringify([
        { role: 'system', content: SYSTEM },
        { role: 'user', content: [{ type: 'text', text: QUESTION }] },
        { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: ARGS }] },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', output: { type: 'json', value: RESULT } }],
        },
      ]),
      'ai.response.text': ANSWER,
      'ai.response.finishReason': 'stop',
    },
  },
  'Vercel AI SDK 4 (ai.prompt, promptTokens)': {
    attributes: {
      'ai.operationId': 'ai.generateText',
      'ai.model.provider': 'openai.chat',
      'ai.model.id': 'gpt-4o-mini',
      'ai.usage.promptTokens': 20,
      'ai.usage.completionTokens': 10,
      'ai.prompt': JSON.stringify({
        system: SYSTEM,
        messages: [
          { role: 'user', content: QUESTION },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', args: ARGS }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'get_weather', result: RESULT }] },
        ],
      }),
      'ai.response.text': ANSWER,
      'ai.response.finishReason': 'stop',
    },
  },
};

// What the JSON API delivers (undefined keys vanish).
const viaJson = <T>(v: T): T => JSON.parse(JSON.stringify(v));

for (const [dialect, source] of Object.entries(DIALECTS)) {
  test(`${dialect} normalizes to the common view`, () => {
    const view = viaJson(normalizeGenAi(source));
    assert.ok(view);
    const { responseModel, timeToFirstChunkMs, cacheReadInputTokens, cacheCreationInputTokens, reasoningOutputTokens, entityKind, notes, entity, ...core } = view;
    assert.equal(responseModel, null);
    assert.equal(timeToFirstChunkMs, null);
    assert.deepEqual([cacheReadInputTokens, cacheCreationInputTokens, reasoningOutputTokens], [null, null, null]);
    // An LLM call: not an application span, nothing added to what the sender said.
    assert.deepEqual([entityKind, notes, entity], [null, null, null]);
    if (dialect === 'OpenInference') {
      // OpenInference has no finish reasons; everything else matches.
      assert.deepEqual(core, {
        ...EXPECTED,
        finishReasons: null,
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: ANSWER }] }],
      });
    } else {
      assert.deepEqual(core, EXPECTED);
    }
  });
}

test('non-LLM spans have no view', () => {
  assert.equal(normalizeGenAi({ attributes: { 'http.method': 'GET' } }), null);
});

test('time to first chunk: GenAI seconds and AI SDK milliseconds', () => {
  const base: Attributes = { 'gen_ai.request.model': 'gpt-4o' };
  assert.equal(normalizeGenAi({ attributes: { ...base, 'gen_ai.response.time_to_first_chunk': 0.1234 } })!.timeToFirstChunkMs, 123.4);
  assert.equal(normalizeGenAi({ attributes: { 'ai.model.id': 'gpt-4o', 'ai.response.msToFirstChunk': 87 } })!.timeToFirstChunkMs, 87);
});

test('prices: exact, dated suffix, provider prefixes, unknown -> null, user extension', () => {
  // Prices now carry the prompt-cache prices of the same price pages.
  assert.deepEqual(findModelPrice(DEFAULT_MODEL_PRICES, 'gpt-4o-2024-08-06'), { input: 2.5, output: 10, cacheRead: 1.25 });
  assert.deepEqual(findModelPrice(DEFAULT_MODEL_PRICES, 'gpt-4o-mini-2024-07-18'), { input: 0.15, output: 0.6, cacheRead: 0.075 });
  assert.deepEqual(findModelPrice(DEFAULT_MODEL_PRICES, 'claude-3-5-sonnet-20241022'), { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 });
  // Opus 4.5 is priced apart from its Opus 4 prefix (longest key wins); Haiku 4.5 has its own entry.
  assert.deepEqual(findModelPrice(DEFAULT_MODEL_PRICES, 'claude-opus-4-5-20251101'), { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 });
  assert.deepEqual(findModelPrice(DEFAULT_MODEL_PRICES, 'claude-haiku-4-5'), { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 });
  assert.deepEqual(findModelPrice(DEFAULT_MODEL_PRICES, 'models/gemini-1.5-pro-002'), { input: 1.25, output: 5, cacheRead: 0.3125 });
  assert.deepEqual(findModelPrice(DEFAULT_MODEL_PRICES, 'anthropic.claude-3-haiku-20240307-v1:0'), { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 });
  assert.equal(findModelPrice(DEFAULT_MODEL_PRICES, 'gpt-4.5-preview'), null, 'not priced as gpt-4');
  assert.equal(findModelPrice(DEFAULT_MODEL_PRICES, 'my-local-llama'), null);
  assert.equal(estimateCostUsd(DEFAULT_MODEL_PRICES, 'my-local-llama', 10, 10), null);
  assert.equal(estimateCostUsd(DEFAULT_MODEL_PRICES, 'gpt-4o', null, null), null);
  const table = createPriceTable({ 'My-Local-Llama': { input: 1, output: 2 }, 'gpt-4o': { input: 1, output: 1 } });
  assert.equal(estimateCostUsd(table, 'my-local-llama-7b', 1_000_000, 1_000_000), 3);
  assert.equal(estimateCostUsd(table, 'gpt-4o', 1_000_000, 0), 1);
  assert.throws(() => createPriceTable({ bad: { input: 'x' } }), /must be/);
  const view = normalizeGenAi({ attributes: { 'gen_ai.request.model': 'my-local-llama', 'gen_ai.usage.input_tokens': 1_000_000 } }, table);
  assert.equal(view!.costUsd, 1);
});
