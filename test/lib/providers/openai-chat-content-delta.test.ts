// The fast path of the OpenAI chat stream accumulator: a plain text delta is read without parsing the whole chunk.
// Whatever it returns must equal what JSON.parse finds; any other shape must fall back (undefined). Checked on the
// recorded fixtures and on generated chunks with every kind of escape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chatContentDelta } from '../../../lib/providers/openai/openai-chat-content-delta.js';
import { createOpenAiChatStreamAccumulator } from '../../../lib/providers/openai/openai-chat-stream-accumulator.js';
import { readFixture } from '../../../viewer/fake-provider/fixture-files.js';

const sseData = (text: string) => text.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));

test('on every recorded chat stream, the fast path agrees with a full parse or declines', () => {
  let fast = 0;
  for (const name of ['chat-text.sse', 'chat-tool-calls.sse', 'chat-tool-answer.sse']) {
    for (const data of sseData(readFixture(`openai/${name}`))) {
      if (data === '[DONE]') continue;
      const got = chatContentDelta(data);
      if (got === undefined) continue;
      fast++;
      const chunk = JSON.parse(data);
      assert.equal(chunk.choices.length, 1);
      assert.deepEqual(Object.keys(chunk.choices[0].delta), ['content']);
      assert.equal(chunk.choices[0].finish_reason, null);
      assert.equal(chunk.usage ?? null, null);
      assert.equal(got, chunk.choices[0].delta.content);
    }
  }
  assert.ok(fast > 5, `the fast path took ${fast} chunks`);
});

test('generated text deltas with quotes, backslashes, control characters and unicode read exactly as JSON.parse', () => {
  const alphabet = ['a', ' ', '"', '\\', '\n', '\t', '\u0001', 'é', '😀', '\u2028', '/', '}', ']', '{', '"choices"'];
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  for (let i = 0; i < 2000; i++) {
    let content = '';
    for (let j = rand(12); j >= 0; j--) content += alphabet[rand(alphabet.length)];
    const tails = [',"logprobs":null,"finish_reason":null}]', ',"finish_reason":null}],"usage":null,"obfuscation":"ab"', ',"finish_reason":"stop"}]'];
    const data = `{"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}}${tails[rand(tails.length)]}}`;
    const got = chatContentDelta(data);
    if (data.includes('"stop"')) assert.equal(got, undefined, data);
    else assert.equal(got, content, data);
  }
});

test('shapes a span reads more from are declined, so the accumulator parses them in full', () => {
  const base = (choices: string, extra = '') => `{"id":"c"${extra},"choices":[${choices}]}`;
  for (const data of [
    base('{"index":0,"delta":{"role":"assistant","content":"x"},"finish_reason":null}'),
    base('{"index":0,"delta":{"content":"x","tool_calls":[]},"finish_reason":null}'),
    base('{"index":0,"delta":{"content":"x"},"finish_reason":null},{"index":1,"delta":{"content":"y"},"finish_reason":null}'),
    base('{"index":1,"delta":{"content":"x"},"finish_reason":null}'),
    base('{"index":0,"delta":{"content":"x"},"finish_reason":null}', ',"usage":{"prompt_tokens":3}'),
    `${base('{"index":0,"delta":{"content":"x"},"finish_reason":null}').slice(0, -1)},"usage":{"prompt_tokens":3}}`,
    base('{"index":0,"delta":{"content":"x"},"finish_reason":null,"content_filter_results":{}}'),
    base('{"index":0,"delta":{"content":"x"},"finish_reason":null}', ',"x_groq":{"id":"r"}'),
    '{"id":"c","choices":[{"index":0,"delta":{"content":"unterminated',
  ]) {
    assert.equal(chatContentDelta(data), undefined, data);
  }
});

test('the accumulator gives the same response with the fast path as with full parses', () => {
  for (const name of ['chat-text.sse', 'chat-tool-calls.sse', 'chat-tool-answer.sse']) {
    const events = sseData(readFixture(`openai/${name}`));
    const viaSse = createOpenAiChatStreamAccumulator();
    const viaJson = createOpenAiChatStreamAccumulator(); // `json` events never take the fast path
    for (const data of events) {
      viaSse.push({ kind: 'sse', data });
      if (data !== '[DONE]') viaJson.push({ kind: 'json', value: JSON.parse(data) });
    }
    assert.deepEqual(viaSse.finish(), viaJson.finish(), name);
  }
});
