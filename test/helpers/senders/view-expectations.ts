// What the viewer's genAi view must say for each sender case: checked against the captured fixtures (normalizer
// tests) and against the live packages sending to a real viewer (sender tests), so both read the same expectations.
// Test helper, not a test file.
import assert from 'node:assert/strict';
import type { GenAiView } from '../../../viewer/shared/api-types.js';
import { isModelCall, llmCallTotals } from '../../../viewer/shared/llm-call-totals.js';
import { DEFAULT_MODEL_PRICES } from '../../../viewer/shared/model-prices.js';

/** A span with its view, from a fixture (normalized in the test) or from `GET /api/traces/:id`. */
export interface ViewedSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startTimeUnixNano: string;
  genAi: GenAiView | null;
}

const text = (t: string) => ({ type: 'text', content: t });
const ANSWER = "It's 18°C and sunny in Paris, and 22°C with light rain in Tokyo.";
const HELLO = 'Hello! How can I help you today?';

/** The spans named `name`, in start order. */
function named(spans: ViewedSpan[], name: string): ViewedSpan[] {
  return spans.filter((s) => s.name === name).sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
}

/** The view of the `index`-th span named `name` (by start time), as the JSON API delivers it. */
function view(spans: ViewedSpan[], name: string, index = 0): GenAiView {
  const span = named(spans, name)[index];
  assert.ok(span?.genAi, `a view for ${name} #${index} (spans: ${spans.map((s) => s.name).join(', ')})`);
  return JSON.parse(JSON.stringify(span.genAi)) as GenAiView;
}

/** Cost at the built-in price: uncached input, cache reads, cache writes, output. */
function cost(model: string, uncached: number, read: number, write: number, output: number): number {
  const p = DEFAULT_MODEL_PRICES[model];
  return Math.round(((uncached * p.input + read * (p.cacheRead ?? p.input) + write * (p.cacheWrite ?? p.input) + output * p.output) / 1e6) * 1e9) / 1e9;
}

function totals(spans: ViewedSpan[]) {
  const t = llmCallTotals(spans);
  return [t.llmCalls, t.inputTokens, t.outputTokens];
}

function tokens(v: GenAiView) {
  return [v.inputTokens, v.cacheReadInputTokens, v.cacheCreationInputTokens, v.outputTokens, v.reasoningOutputTokens];
}

function entities(spans: ViewedSpan[], name: string) {
  return named(spans, name)
    .map((s) => s.genAi?.entity)
    .sort((a, b) => JSON.stringify(a?.input).localeCompare(JSON.stringify(b?.input)));
}

const weatherTools = (extra: (location: string) => object = () => ({})) =>
  ['Paris', 'Tokyo'].map((location) => ({ kind: 'tool', name: 'get_weather', input: { location }, output: { location, temperature: 18 }, ...extra(location) }));

const CALL_IDS: Record<string, string> = { Paris: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', Tokyo: 'call_Qm3TnR8vY2wZ5xK7pL9sB4cE' };

/** `sender/case` to its checks. */
export const VIEW_EXPECTATIONS: Record<string, (spans: ViewedSpan[]) => void> = {
  'openinference-openai/chat-tools'(spans) {
    const first = view(spans, 'OpenAI Chat Completions', 0);
    assert.deepEqual(first.finishReasons, ['tool_calls'], 'llm.finish_reason');
    assert.deepEqual(first.systemInstructions, [text('You are terse.')]);
    assert.deepEqual(first.outputMessages![0].parts.map((p) => [p.type, p.name, p.arguments]), [
      ['tool_call', 'get_weather', { location: 'Paris' }],
      ['tool_call', 'get_weather', { location: 'Tokyo' }],
    ]);
    const second = view(spans, 'OpenAI Chat Completions', 1);
    assert.deepEqual(second.inputMessages!.at(-1), { role: 'tool', parts: [{ type: 'tool_call_response', id: CALL_IDS.Paris, response: { temperature: 18 } }] });
    assert.deepEqual(second.outputMessages, [{ role: 'assistant', parts: [text(ANSWER)] }]);
    assert.deepEqual(tokens(second), [142, 0, null, 19, 0]);
    assert.equal(second.costUsd, cost('gpt-4o-mini', 142, 0, 0, 19));
  },
  'openinference-openai/chat-stream-cached'(spans) {
    const v = view(spans, 'OpenAI Chat Completions');
    assert.deepEqual(v.outputMessages, [{ role: 'assistant', parts: [text(HELLO)] }]);
    assert.deepEqual(v.finishReasons, ['stop']);
  },
  'openinference-openai/chat-reasoning'(spans) {
    const v = view(spans, 'OpenAI Chat Completions');
    assert.deepEqual(tokens(v), [1342, 1152, null, 212, 192]);
    assert.equal(v.costUsd, cost('o4-mini', 190, 1152, 0, 212));
  },
  'openinference-openai/responses'(spans) {
    const v = view(spans, 'OpenAI Responses');
    assert.deepEqual(v.outputMessages, [{ role: 'assistant', parts: [text(HELLO)] }], 'output_text parts');
    assert.deepEqual(v.systemInstructions, [text('Be brief.')]);
    assert.deepEqual(v.inputMessages, [{ role: 'user', parts: [text('Say hello')] }]);
    assert.equal(v.costUsd, cost('gpt-4.1-mini', 27, 0, 0, 10));
  },
  'openinference-openai/responses-stream'(spans) {
    assert.deepEqual(view(spans, 'OpenAI Responses').outputMessages, [{ role: 'assistant', parts: [text(HELLO)] }]);
  },
  'openinference-openai/embeddings'(spans) {
    const v = view(spans, 'OpenAI Embeddings');
    assert.deepEqual([v.operation, v.requestModel], ['embeddings', 'text-embedding-3-small'], 'embedding.model_name');
    assert.deepEqual(v.inputMessages, [{ role: 'user', parts: [text('The food was delicious'), text('The waiter was friendly')] }]);
  },
  'openinference-openai/agent-chain'(spans) {
    const agent = view(spans, 'weather_agent');
    assert.deepEqual(agent.entity, { kind: 'agent', name: 'weather_agent', input: "  What's the weather in Paris?  ", output: HELLO });
    assert.equal(isModelCall(agent), false);
    assert.deepEqual(view(spans, 'clean_question').entity, { kind: 'chain', name: 'clean_question', input: "  What's the weather in Paris?  ", output: "What's the weather in Paris?" });
    assert.deepEqual(view(spans, 'get_weather').entity, { kind: 'tool', name: 'get_weather', input: { location: 'Paris' }, output: { location: 'Paris', temperature: 18 } });
    assert.deepEqual(totals(spans), [1, 19, 10]);
  },
  'ai-sdk/generate-tools'(spans) {
    assert.deepEqual(new Set(spans.filter((s) => s.genAi?.provider).map((s) => s.genAi!.provider)), new Set(['openai']), 'one provider label');
    assert.deepEqual(entities(spans, 'ai.toolCall'), weatherTools((l) => ({ toolCallId: CALL_IDS[l] })));
    const step = view(spans, 'ai.generateText.doGenerate', 0);
    assert.deepEqual(step.finishReasons, ['tool-calls']);
    assert.deepEqual(step.systemInstructions, [text('You are terse.')]);
    assert.deepEqual(view(spans, 'ai.generateText.doGenerate', 1).outputMessages, [{ role: 'assistant', parts: [text(ANSWER)], finish_reason: 'stop' }]);
    assert.deepEqual(totals(spans), [2, 81 + 142, 46 + 19], 'generateText wraps its two steps: counted once');
  },
  'ai-sdk/stream-responses'(spans) {
    const v = view(spans, 'ai.streamText.doStream');
    assert.equal(v.provider, 'openai', 'openai.responses is openai');
    assert.deepEqual(v.outputMessages, [{ role: 'assistant', parts: [text(HELLO)], finish_reason: 'stop' }]);
    assert.equal(typeof v.timeToFirstChunkMs, 'number');
  },
  'ai-sdk/anthropic-cached'(spans) {
    const v = view(spans, 'ai.generateText.doGenerate');
    assert.equal(v.provider, 'anthropic');
    assert.deepEqual(tokens(v), [2581, 2048, 512, 12, null]);
    assert.equal(v.costUsd, cost('claude-haiku-4-5', 21, 2048, 512, 12));
    assert.deepEqual(totals(spans), [1, 2581, 12]);
  },
  'ai-sdk/embed'(spans) {
    const v = view(spans, 'ai.embed.doEmbed');
    assert.deepEqual([v.operation, v.requestModel, v.inputTokens, v.provider], ['embeddings', 'text-embedding-3-small', 8, 'openai'], 'ai.usage.tokens');
    assert.deepEqual(v.inputMessages, [{ role: 'user', parts: [text('The food was delicious')] }]);
    assert.equal(v.costUsd, cost('text-embedding-3-small', 8, 0, 0, 0));
  },
  'ai-sdk/embed-many'(spans) {
    const v = view(spans, 'ai.embedMany');
    assert.deepEqual(v.inputMessages, [{ role: 'user', parts: [text('The food was delicious'), text('The waiter was friendly')] }]);
    assert.equal(v.inputTokens, 8);
  },
  'openllmetry-legacy/chat-tools'(spans) {
    const v = view(spans, 'openai.chat', 1);
    assert.deepEqual(v.inputMessages!.find((m) => m.role === 'assistant')!.parts, [], 'content "null" is no content');
    assert.ok(!JSON.stringify(v.inputMessages).includes('"null"'));
    assert.deepEqual(v.outputMessages, [{ role: 'assistant', parts: [text(ANSWER)], finish_reason: 'stop' }]);
    assert.deepEqual([v.provider, v.inputTokens, v.outputTokens], ['openai', 142, 19]);
  },
  'traceloop-sdk/agent-workflow'(spans) {
    assert.deepEqual(view(spans, 'plan_trip.workflow').entity, { kind: 'workflow', name: 'plan_trip', input: { city: 'Paris' }, output: ANSWER });
    assert.deepEqual(view(spans, 'travel_agent.agent').entity, { kind: 'agent', name: 'travel_agent', input: null, output: ANSWER });
    assert.deepEqual(entities(spans, 'get_weather.tool'), weatherTools());
    assert.deepEqual(view(spans, 'chat gpt-4o-mini', 1).outputMessages, [{ role: 'assistant', parts: [text(ANSWER)], finish_reason: 'stop' }]);
    assert.deepEqual(totals(spans), [2, 81 + 142, 46 + 19], 'workflow, agent, task and tool spans are not model calls');
  },
  'traceloop-sdk/ai-sdk-agent'(spans) {
    assert.deepEqual(entities(spans, 'execute_tool get_weather'), weatherTools((l) => ({ toolCallId: CALL_IDS[l] })));
    assert.deepEqual(totals(spans), [2, 81 + 142, 46 + 19]);
  },
  'traceloop-sdk/langchain-chain'(spans) {
    const chain = named(spans, 'workflow RunnableSequence')[0].genAi!;
    assert.deepEqual(chain.entity, { kind: 'workflow', name: 'RunnableSequence', input: { question: ' What is OTLP? ' }, output: { answer: 'You asked: What is OTLP?' } });
    assert.deepEqual(totals(spans), [0, 0, 0], 'LangChain workflow spans without a model are not LLM calls');
  },
  'traceloop-sdk/anthropic-cached'(spans) {
    const traceloop = view(spans, 'chat claude-haiku-4-5');
    const sdk = view(spans, 'anthropic.messages.create');
    assert.deepEqual(tokens(traceloop), [2581, 2048, 512, 12, null], 'the raw input_tokens 21 plus the cache');
    assert.equal(traceloop.notes?.length, 1);
    assert.deepEqual(tokens(sdk), tokens(traceloop), 'one trace, one input count');
    assert.deepEqual(sdk.finishReasons, ['end_turn'], 'anthropic.message.stop_reason');
    assert.equal(sdk.costUsd, cost('claude-haiku-4-5', 21, 2048, 512, 12));
    assert.deepEqual(totals(spans), [1, 2581, 12]);
  },
  'traceloop-sdk/anthropic-stream-cached'(spans) {
    const traceloop = view(spans, 'chat claude-haiku-4-5');
    assert.deepEqual(tokens(traceloop), [2581, 2048, 512, 12, null]);
    assert.deepEqual(traceloop.outputMessages, [{ role: 'assistant', parts: [text(HELLO)] }]);
    assert.deepEqual(view(spans, 'anthropic.messages.create').finishReasons, ['end_turn']);
  },
  'traceloop-sdk/chat-reasoning'(spans) {
    const v = view(spans, 'chat o4-mini');
    assert.deepEqual(v.outputMessages, [{ role: 'assistant', parts: [text('The answer is 42.')], finish_reason: 'stop' }]);
    assert.deepEqual([v.inputTokens, v.outputTokens], [1342, 212]);
  },
  'tracelight-lib/anthropic-cached'(spans) {
    const ours = view(spans, 'chat claude-haiku-4-5');
    const sdk = view(spans, 'anthropic.messages.create');
    assert.deepEqual(tokens(ours), [2581, 2048, 512, 12, null]);
    assert.deepEqual(tokens(sdk), tokens(ours), 'our span and the SDK\'s own agree');
    assert.equal(ours.notes, null, 'nothing to correct');
    assert.deepEqual(ours.systemInstructions, [text('Be brief.')]);
    assert.equal(ours.costUsd, cost('claude-haiku-4-5', 21, 2048, 512, 12));
    assert.deepEqual(totals(spans), [1, 2581, 12], 'the SDK span over ours is one call');
  },
  'tracelight-lib/anthropic-stream-cached'(spans) {
    assert.deepEqual(tokens(view(spans, 'chat claude-haiku-4-5')), [2581, 2048, 512, 12, null]);
    assert.deepEqual(tokens(view(spans, 'anthropic.messages.create')), [2581, 2048, 512, 12, null]);
  },
  'tracelight-lib/openai-stream-cached-reasoning'(spans) {
    const v = view(spans, 'chat o4-mini');
    assert.deepEqual(tokens(v), [2067, 2048, null, 202, 192]);
    assert.equal(v.costUsd, cost('o4-mini', 19, 2048, 0, 202));
  },
  'tracelight-lib/gemini-thinking'(spans) {
    const v = view(spans, 'generate_content gemini-2.5-flash');
    assert.deepEqual(tokens(v), [2090, 2048, null, 199, 187]);
    assert.equal(v.outputMessages![0].parts[0].type, 'reasoning');
    assert.equal(v.costUsd, cost('gemini-2.5-flash', 42, 2048, 0, 199));
  },
  'tracelight-lib/local-model'(spans) {
    const v = view(spans, 'chat llama3.2:3b');
    assert.equal(v.costUsd, 0);
    assert.deepEqual(v.notes, ['cost: llama3.2:3b runs on this machine (127.0.0.1), no per-token price']);
  },
  'tracelight-lib/entity-tree'(spans) {
    assert.deepEqual(view(spans, 'execute_tool get_weather').entity, { kind: 'tool', name: 'get_weather', input: { location: 'Paris' }, output: { location: 'Paris', temperature: 18 } });
    assert.deepEqual(view(spans, 'invoke_agent travel_agent').entity, {
      kind: 'agent',
      name: 'travel_agent',
      input: "What's the weather in Paris?",
      output: { location: 'Paris', temperature: 18 },
    });
    assert.deepEqual(view(spans, 'plan_trip.workflow').entity?.input, { city: 'Paris' });
    assert.deepEqual(totals(spans), [0, 0, 0]);
  },
};
