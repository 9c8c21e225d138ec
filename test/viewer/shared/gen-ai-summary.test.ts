// The summary the span store keeps per span: read from GEN_AI_SUMMARY_KEYS alone, never from content, in every
// dialect of the span fixtures (what real packages sent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GEN_AI_SUMMARY_KEYS, genAiSummary, isLocalHost, isModelCallSummary } from '../../../viewer/shared/gen-ai-summary.js';
import { createPriceTable, DEFAULT_MODEL_PRICES } from '../../../viewer/shared/model-prices.js';
import { providerLabel } from '../../../viewer/shared/provider-label.js';
import { isContentAttribute } from '../../../lib/forward/content-registry.js';
import type { Attributes } from '../../../viewer/shared/api-types.js';
import { SPAN_FIXTURES, fixtureSpan, fixtureSpans } from '../../helpers/span-fixtures.js';

const pick = (a: Attributes): Attributes => Object.fromEntries(Object.entries(a).filter(([k]) => GEN_AI_SUMMARY_KEYS.has(k)));

/** Attributes that throw when a content attribute is read: the summary must never need one. */
function contentTrap(a: Attributes): Attributes {
  return new Proxy(a, {
    get(target, key) {
      if (typeof key === 'string' && isContentAttribute(key)) throw new Error(`the summary read content: ${key}`);
      return Reflect.get(target, key);
    },
  });
}

test('over every span fixture: the summary from GEN_AI_SUMMARY_KEYS alone equals the summary from all attributes, and reads no content', () => {
  let llmSpans = 0;
  for (const name of SPAN_FIXTURES) {
    for (const span of fixtureSpans(name)) {
      const full = genAiSummary(span.attributes);
      assert.deepEqual(genAiSummary(pick(span.attributes)), full, `${name} ${span.name}`);
      assert.deepEqual(genAiSummary(contentTrap(span.attributes)), full, `${name} ${span.name}`);
      if (full) llmSpans++;
    }
  }
  assert.ok(llmSpans >= 30, `${llmSpans} LLM spans checked`);
});

test('input tokens include the prompt cache in every dialect; cost prices reads and writes apart', () => {
  // Anthropic with 21 uncached + 2048 read + 512 written, as four senders report it.
  const price = DEFAULT_MODEL_PRICES['claude-haiku-4-5'];
  const expected = (21 * price.input + 2048 * price.cacheRead! + 512 * price.cacheWrite! + 12 * price.output) / 1e6;
  const senders = [
    fixtureSpan('tracelight-lib/anthropic-cached', 'chat claude-haiku-4-5'),
    fixtureSpan('tracelight-lib/anthropic-cached', 'anthropic.messages.create'),
    fixtureSpan('traceloop-sdk/anthropic-cached', 'chat claude-haiku-4-5'),
    fixtureSpan('traceloop-sdk/anthropic-stream-cached', 'chat claude-haiku-4-5'),
    fixtureSpan('ai-sdk/anthropic-cached', 'ai.generateText.doGenerate'),
  ];
  for (const span of senders) {
    const s = genAiSummary(span.attributes)!;
    assert.deepEqual([s.inputTokens, s.cacheReadInputTokens, s.cacheCreationInputTokens, s.outputTokens], [2581, 2048, 512, 12], span.scope);
    assert.equal(s.costUsd, Math.round(expected * 1e9) / 1e9, span.scope);
  }
  // Traceloop's Anthropic instrumentation passes Anthropic's raw `input_tokens` (21): added back, and said.
  const traceloop = genAiSummary(senders[2].attributes)!;
  assert.deepEqual(traceloop.notes, ["input tokens: the sender's 21 left out 2560 prompt-cache tokens, added here"]);
  assert.equal(genAiSummary(senders[0].attributes)!.notes, null);
  // OpenAI: the prompt count already includes the cached tokens, billed at the cached price; reasoning is output.
  const o4 = genAiSummary(fixtureSpan('tracelight-lib/openai-stream-cached-reasoning', 'chat o4-mini').attributes)!;
  const p = DEFAULT_MODEL_PRICES['o4-mini'];
  assert.deepEqual([o4.inputTokens, o4.cacheReadInputTokens, o4.outputTokens, o4.reasoningOutputTokens], [2067, 2048, 202, 192]);
  assert.equal(o4.costUsd, Math.round(((19 * p.input + 2048 * p.cacheRead! + 202 * p.output) / 1e6) * 1e9) / 1e9);
  // OpenInference's prompt details, the AI SDK's input token details.
  const oi = genAiSummary(fixtureSpan('openinference-openai/chat-reasoning', 'OpenAI Chat Completions').attributes)!;
  assert.deepEqual([oi.inputTokens, oi.cacheReadInputTokens, oi.outputTokens, oi.reasoningOutputTokens], [1342, 1152, 212, 192]);
  // Gemini: thoughts are output, cached content is input.
  const gemini = genAiSummary(fixtureSpan('tracelight-lib/gemini-thinking', 'generate_content gemini-2.5-flash').attributes)!;
  assert.deepEqual([gemini.inputTokens, gemini.cacheReadInputTokens, gemini.outputTokens, gemini.reasoningOutputTokens], [2090, 2048, 199, 187]);
  // The AI SDK's embed: `ai.usage.tokens`.
  assert.equal(genAiSummary(fixtureSpan('ai-sdk/embed', 'ai.embed.doEmbed').attributes)!.inputTokens, 8);
});

test('dialects: OpenLLMetry and Sentry-style cache keys, reasoning a sender left out of the output', () => {
  const s = genAiSummary({
    'gen_ai.system': 'Anthropic',
    'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
    'gen_ai.usage.prompt_tokens': 14,
    'gen_ai.usage.completion_tokens': 58,
    'gen_ai.usage.cache_read_input_tokens': 2048,
    'gen_ai.usage.cache_creation_input_tokens': 512,
  })!;
  assert.deepEqual([s.provider, s.inputTokens, s.cacheReadInputTokens, s.cacheCreationInputTokens], ['anthropic', 2574, 2048, 512]);
  const r = genAiSummary({ 'gen_ai.request.model': 'gemini-2.5-flash', 'gen_ai.usage.input_tokens': 8, 'gen_ai.usage.output_tokens': 9, 'gen_ai.usage.reasoning.output_tokens': 23 })!;
  assert.equal(r.outputTokens, 32);
  assert.deepEqual(r.notes, ["output tokens: the sender's 9 left out 23 reasoning tokens, added here"]);
});

test('finish reasons from OpenInference llm.finish_reason and Anthropic\'s anthropic.message.stop_reason', () => {
  assert.deepEqual(genAiSummary(fixtureSpan('openinference-openai/chat-tools', 'OpenAI Chat Completions', 0).attributes)!.finishReasons, ['tool_calls']);
  assert.deepEqual(genAiSummary(fixtureSpan('traceloop-sdk/anthropic-stream-cached', 'anthropic.messages.create').attributes)!.finishReasons, ['end_turn']);
});

test('one provider label per provider: the AI SDK\'s openai.chat / openai.responses / anthropic.messages are openai / anthropic', () => {
  assert.equal(genAiSummary(fixtureSpan('ai-sdk/generate-tools', 'ai.generateText.doGenerate', 0).attributes)!.provider, 'openai');
  assert.equal(genAiSummary(fixtureSpan('ai-sdk/stream-responses', 'ai.streamText.doStream').attributes)!.provider, 'openai');
  assert.equal(genAiSummary(fixtureSpan('ai-sdk/anthropic-cached', 'ai.generateText').attributes)!.provider, 'anthropic');
  assert.equal(genAiSummary(fixtureSpan('ai-sdk/embed', 'ai.embed').attributes)!.provider, 'openai');
  assert.equal(providerLabel('google.generative-ai'), 'gcp.gemini');
  assert.equal(providerLabel('google.vertex.chat'), 'gcp.vertex_ai');
  assert.equal(providerLabel('azure.responses'), 'azure.ai.openai');
  assert.equal(providerLabel('azure.ai.openai'), 'azure.ai.openai', 'a conventions name with dots stays');
  assert.equal(providerLabel('OpenAI'), 'openai');
});

test('model calls: a LangChain workflow span without a model is not one; tool, agent and application spans are not; LLM spans are', () => {
  for (const span of fixtureSpans('traceloop-sdk/langchain-chain')) {
    const s = genAiSummary(span.attributes);
    assert.ok(s, 'LangChain workflow spans carry gen_ai.operation.name and gen_ai.provider.name');
    assert.equal(s.entityKind, 'workflow');
    assert.equal(isModelCallSummary(s), false, span.name);
  }
  assert.equal(isModelCallSummary(genAiSummary(fixtureSpan('tracelight-lib/entity-tree', 'execute_tool get_weather').attributes)), false);
  assert.equal(isModelCallSummary(genAiSummary(fixtureSpan('tracelight-lib/entity-tree', 'invoke_agent travel_agent').attributes)), false);
  assert.equal(genAiSummary(fixtureSpan('tracelight-lib/entity-tree', 'plan_trip.workflow').attributes), null);
  for (const name of ['openinference-openai/chat-reasoning', 'ai-sdk/embed', 'tracelight-lib/local-model', 'openllmetry-legacy/chat-tools']) {
    for (const span of fixtureSpans(name)) assert.equal(isModelCallSummary(genAiSummary(span.attributes)), true, `${name} ${span.name}`);
  }
  // An application span that does name a model still counts (the wrapping rule then counts the innermost call once).
  assert.equal(isModelCallSummary({ operation: 'chat', requestModel: 'gpt-4o', responseModel: null, entityKind: 'agent' }), true);
});

test('local models cost 0 (said in the notes); a priced model on localhost keeps its price (a gateway); unknown elsewhere', () => {
  const local = genAiSummary(fixtureSpan('tracelight-lib/local-model', 'chat llama3.2:3b').attributes)!;
  assert.equal(local.costUsd, 0);
  assert.deepEqual(local.notes, ['cost: llama3.2:3b runs on this machine (127.0.0.1), no per-token price']);
  const ollama = genAiSummary({ 'gen_ai.provider.name': 'ollama', 'gen_ai.request.model': 'qwen3:8b', 'server.address': 'gpu-box.lan', 'gen_ai.usage.input_tokens': 5 })!;
  assert.equal(ollama.costUsd, 0);
  const remote = genAiSummary({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'my-finetune', 'server.address': 'api.example.com', 'gen_ai.usage.input_tokens': 5 })!;
  assert.equal(remote.costUsd, null);
  const gateway = genAiSummary({ 'gen_ai.request.model': 'gpt-4o-mini', 'server.address': 'localhost', 'gen_ai.usage.input_tokens': 1_000_000 })!;
  assert.equal(gateway.costUsd, 0.15);
  for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'app.localhost', '0.0.0.0']) assert.ok(isLocalHost(host), host);
  for (const host of ['api.openai.com', '10.0.0.5', 'localhost.example.com', '128.0.0.1']) assert.ok(!isLocalHost(host), host);
});

test('--prices: cache prices are optional, validated, and used', () => {
  const table = createPriceTable({ 'My-Model': { input: 2, output: 4, cacheRead: 0.2, cacheWrite: 2.5 } });
  const s = genAiSummary(
    { 'gen_ai.request.model': 'my-model-v2', 'gen_ai.usage.input_tokens': 1_000_000, 'gen_ai.usage.output_tokens': 0, 'gen_ai.usage.cache_read.input_tokens': 500_000, 'gen_ai.usage.cache_creation.input_tokens': 250_000 },
    table,
  )!;
  assert.equal(s.costUsd, 0.25 * 2 + 0.5 * 0.2 + 0.25 * 2.5);
  assert.throws(() => createPriceTable({ m: { input: 1, output: 1, cacheRead: '0.1' } }), /"cacheRead" must be a number/);
  assert.throws(() => createPriceTable({ m: { input: 1, output: 1, cached: 0.1 } }), /unknown field "cached"/);
  assert.throws(() => createPriceTable({ m: { input: -1, output: 1 } }), /must be/);
  // Without cache prices, cached tokens cost the input price.
  const plain = genAiSummary({ 'gen_ai.request.model': 'gpt-4', 'gen_ai.usage.input_tokens': 1_000_000, 'gen_ai.usage.cache_read.input_tokens': 1_000_000 })!;
  assert.equal(plain.costUsd, 30);
});
