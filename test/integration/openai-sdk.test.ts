// The real `openai` client -> tracedFetch -> fake provider; spans read back by a real OTLP receiver (protobuf, the
// Node default protocol).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { AzureOpenAI } from 'openai';
import { tracedFetch } from '../../lib/node.js';
import { caught, fixture, fixtureSseData, jsonAttribute, startHarness, type Harness } from '../helpers/traced-harness.js';

let h: Harness;
let traced: OpenAI;
let plain: OpenAI;
before(async () => {
  h = await startHarness();
  traced = new OpenAI({ apiKey: 'sk-proj-SECRETKEY', baseURL: `${h.fake.url}/v1`, maxRetries: 0, fetch: tracedFetch });
  plain = new OpenAI({ apiKey: 'sk-proj-SECRETKEY', baseURL: `${h.fake.url}/v1`, maxRetries: 0 });
});
after(() => h.close());

const messages = [
  { role: 'system' as const, content: 'Be brief.' },
  { role: 'user' as const, content: 'Say hello' },
];
const usageOf = (path: string) => fixtureSseData(path).find((d) => d.usage)?.usage ?? fixture(path).usage;

describe('openai SDK traced', () => {
  test('non-streamed chat: attributes, content, exact token counts, exported as protobuf, no secrets', async () => {
    const mark = h.mark();
    const res = await traced.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.3, max_tokens: 100 });
    assert.equal(res.choices[0].message.content, 'Hello! How can I help you today?');
    const [span] = await h.spansSince(mark);
    const recorded = fixture('openai/chat-text.json');
    assert.equal(span.name, 'chat gpt-4o-mini');
    assert.equal(span.kind, 3);
    assert.equal(span.attributes['gen_ai.provider.name'], 'openai');
    assert.equal(span.attributes['gen_ai.operation.name'], 'chat');
    assert.equal(span.attributes['gen_ai.request.model'], 'gpt-4o-mini');
    assert.equal(span.attributes['gen_ai.request.temperature'], 0.3);
    assert.equal(span.attributes['gen_ai.request.max_tokens'], 100);
    assert.equal(span.attributes['gen_ai.response.model'], 'gpt-4o-mini');
    assert.equal(span.attributes['gen_ai.response.id'], recorded.id);
    assert.deepEqual(span.attributes['gen_ai.response.finish_reasons'], ['stop']);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], recorded.usage.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], recorded.usage.completion_tokens);
    assert.equal(span.attributes['server.address'], '127.0.0.1');
    assert.deepEqual(jsonAttribute(span, 'gen_ai.input.messages'), [
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Say hello' }] },
    ]);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.output.messages'), [
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello! How can I help you today?' }], finish_reason: 'stop' },
    ]);
    assert.equal(span.status.code, 0);
    assert.ok(!JSON.stringify(span).includes('SECRETKEY'));
    assert.ok(h.sink.contentTypes().every((t) => t.includes('protobuf')), h.sink.contentTypes().join());
  });

  test('streamed chat with include_usage: the usage chunk gives the exact counts; time to first chunk recorded', async () => {
    const mark = h.mark();
    const stream = await traced.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    assert.equal(text, 'Hello! How can I help you today?');
    const [span] = await h.spansSince(mark);
    const usage = usageOf('openai/chat-text.sse');
    assert.equal(span.attributes['gen_ai.request.stream'], true);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], usage.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], usage.completion_tokens);
    assert.ok(typeof span.attributes['gen_ai.response.time_to_first_chunk'] === 'number');
    assert.deepEqual(jsonAttribute(span, 'gen_ai.output.messages')[0].parts, [{ type: 'text', content: text }]);
  });

  test('streamed without include_usage: no token counts are invented', async () => {
    const mark = h.mark();
    const stream = await traced.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    for await (const _ of stream);
    const [span] = await h.spansSince(mark);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], undefined);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], undefined);
  });

  test('tool calls: parallel streamed calls, then the tool result turn', async () => {
    const mark = h.mark();
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }];
    const first = await traced.chat.completions
      .stream({ model: 'gpt-4o-mini-tools', messages, tools, stream_options: { include_usage: true } })
      .finalMessage();
    const calls = first.tool_calls ?? [];
    const second = await traced.chat.completions.create({
      model: 'gpt-4o-mini-tools',
      tools,
      messages: [
        ...messages,
        first as any,
        ...calls.map((c) => ({ role: 'tool' as const, tool_call_id: c.id, content: '{"temperature":18}' })),
      ],
    });
    assert.match(second.choices[0].message.content ?? '', /18°C/);
    const [a, b] = await h.spansSince(mark, 2);
    assert.deepEqual(jsonAttribute(a, 'gen_ai.output.messages'), [
      {
        role: 'assistant',
        parts: [
          { type: 'tool_call', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'get_weather', arguments: { location: 'Paris' } },
          { type: 'tool_call', id: 'call_Qm3TnR8vY2wZ5xK7pL9sB4cE', name: 'get_weather', arguments: { location: 'Tokyo' } },
        ],
        finish_reason: 'tool_calls',
      },
    ]);
    assert.deepEqual(a.attributes['gen_ai.response.finish_reasons'], ['tool_calls']);
    assert.equal(a.attributes['gen_ai.usage.output_tokens'], usageOf('openai/chat-tool-calls.sse').completion_tokens);
    assert.deepEqual(jsonAttribute(a, 'gen_ai.tool.definitions'), [{ type: 'function', name: 'get_weather', parameters: tools[0].function.parameters }]);
    const input = jsonAttribute(b, 'gen_ai.input.messages');
    assert.deepEqual(input.at(-1), { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_Qm3TnR8vY2wZ5xK7pL9sB4cE', response: '{"temperature":18}' }] });
    assert.equal(b.attributes['gen_ai.usage.input_tokens'], fixture('openai/chat-tool-answer.json').usage.prompt_tokens);
  });

  test('Responses API streamed: instructions, final usage from response.completed', async () => {
    const mark = h.mark();
    const stream = traced.responses.stream({ model: 'gpt-4.1-mini', instructions: 'You are a concise assistant.', input: 'Say hello' });
    const final = await stream.finalResponse();
    assert.equal(final.output_text, 'Hello! How can I help you today?');
    const [span] = await h.spansSince(mark);
    const completed = fixtureSseData('openai/responses-text.sse').find((e) => e.type === 'response.completed').response;
    assert.equal(span.attributes['gen_ai.response.id'], completed.id);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], completed.usage.input_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], completed.usage.output_tokens);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.system_instructions'), [{ type: 'text', content: 'You are a concise assistant.' }]);
  });

  test('Responses API non-streamed reasoning: cached and reasoning tokens', async () => {
    const mark = h.mark();
    await traced.responses.create({ model: 'o4-mini-reasoning', input: '6*7?' });
    const [span] = await h.spansSince(mark);
    const usage = fixture('openai/responses-reasoning.json').usage;
    assert.equal(span.attributes['gen_ai.usage.cache_read.input_tokens'], usage.input_tokens_details.cached_tokens);
    assert.equal(span.attributes['gen_ai.usage.reasoning.output_tokens'], usage.output_tokens_details.reasoning_tokens);
  });

  test('streamed chat with a prompt-cache hit and hidden reasoning: the span has the usage chunk the SDK saw', async () => {
    const mark = h.mark();
    const stream = await traced.chat.completions.create(
      { model: 'o4-mini', messages, stream: true, stream_options: { include_usage: true } },
      { headers: { 'x-fake-scenario': 'cached,reasoning' } },
    );
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) usage = chunk.usage ?? usage;
    const [span] = await h.spansSince(mark);
    assert.ok(usage?.prompt_tokens_details?.cached_tokens && usage.completion_tokens_details?.reasoning_tokens);
    // OpenAI's prompt count already includes the cached tokens, and its completion count the reasoning tokens.
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], usage.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.cache_read.input_tokens'], usage.prompt_tokens_details.cached_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], usage.completion_tokens);
    assert.equal(span.attributes['gen_ai.usage.reasoning.output_tokens'], usage.completion_tokens_details.reasoning_tokens);
  });

  test('Responses API streamed with a prompt-cache hit: cached tokens from response.completed', async () => {
    const mark = h.mark();
    const final = await traced.responses.stream({ model: 'gpt-4.1-mini', input: 'Say hello' }, { headers: { 'x-fake-scenario': 'cached' } }).finalResponse();
    const [span] = await h.spansSince(mark);
    assert.ok(final.usage?.input_tokens_details.cached_tokens);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], final.usage.input_tokens);
    assert.equal(span.attributes['gen_ai.usage.cache_read.input_tokens'], final.usage.input_tokens_details.cached_tokens);
  });

  test('embeddings (base64 on the wire): vector dimension and input tokens', async () => {
    const mark = h.mark();
    const res = await traced.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b', 'c'] });
    assert.equal(res.data.length, 3);
    const [span] = await h.spansSince(mark);
    assert.equal(span.name, 'embeddings text-embedding-3-small');
    assert.equal(span.attributes['gen_ai.embeddings.dimension.count'], 8);
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], fixture('openai/embeddings.json').usage.prompt_tokens);
  });

  test('legacy completions', async () => {
    const mark = h.mark();
    await traced.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say this is a test' });
    const [span] = await h.spansSince(mark);
    assert.equal(span.name, 'text_completion gpt-3.5-turbo-instruct');
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], fixture('openai/completions.json').usage.completion_tokens);
  });

  test('HTTP 429 and 500: the caller gets the same SDK error; span ERROR with the provider error type', async () => {
    for (const [model, type, status] of [['gpt-4o-mini-rate-limit', 'rate_limit_exceeded', 429], ['gpt-4o-mini-server-error', 'server_error', 500]] as const) {
      const expected = await caught(plain.chat.completions.create({ model, messages }));
      const mark = h.mark();
      const error = await caught(traced.chat.completions.create({ model, messages }));
      assert.equal(error.constructor, expected.constructor);
      assert.equal(error.status, status);
      assert.equal(error.message, expected.message);
      const [span] = await h.spansSince(mark);
      assert.equal(span.status.code, 2);
      assert.equal(span.attributes['error.type'], type);
      assert.equal(span.attributes['http.response.status_code'], status);
    }
  });

  test('a stream failing half way: the same error reaches the caller; span ERROR with what arrived', async () => {
    const consume = async (client: OpenAI) => {
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini-fail-mid-stream', messages, stream: true });
      let text = '';
      const error = await caught(async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      });
      return { text, error };
    };
    const expected = await consume(plain);
    const mark = h.mark();
    const got = await consume(traced);
    assert.equal(got.text, expected.text);
    assert.equal(got.error.constructor, expected.error.constructor);
    assert.equal(got.error.message, expected.error.message);
    const [span] = await h.spansSince(mark);
    assert.equal(span.status.code, 2);
    assert.deepEqual(jsonAttribute(span, 'gen_ai.output.messages')[0].parts, [{ type: 'text', content: got.text }]);
  });

  test('breaking out of a stream early ends the span', async () => {
    const mark = h.mark();
    const stream = await traced.chat.completions.create({ model: 'gpt-4o-mini-long', messages, stream: true });
    let n = 0;
    for await (const _ of stream) if (++n === 3) break;
    const [span] = await h.spansSince(mark);
    assert.equal(span.name, 'chat gpt-4o-mini-long');
    assert.ok(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano));
  });

  test('Azure OpenAI client: deployment path, model from the deployment, api-key never on the span', async () => {
    const azure = new AzureOpenAI({ endpoint: h.fake.url, apiKey: 'azure-SECRETKEY', apiVersion: '2024-10-21', deployment: 'gpt-4o-prod', fetch: tracedFetch, maxRetries: 0 });
    const mark = h.mark();
    await azure.chat.completions.create({ model: '', messages });
    const [span] = await h.spansSince(mark);
    assert.match(h.fake.requests.at(-1)!.path, /^\/openai\/deployments\/gpt-4o-prod\/chat\/completions\?api-version=2024-10-21$/);
    assert.equal(span.attributes['gen_ai.request.model'], 'gpt-4o-prod');
    assert.ok(!JSON.stringify(span).includes('SECRETKEY'));
  });
});
