// The genAi view of what real packages send (test/fixtures/spans, captured from each package against the fake
// provider): every dialect gap of the issue, one fixture each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeGenAi } from '../../../viewer/shared/normalize-gen-ai.js';
import { isModelCall, llmCallTotals } from '../../../viewer/shared/llm-call-totals.js';
import type { GenAiView } from '../../../viewer/shared/api-types.js';
import { fixtureSpan, fixtureSpans } from '../../helpers/span-fixtures.js';

const view = (fixture: string, spanName: string, index?: number): GenAiView => {
  const v = normalizeGenAi(fixtureSpan(fixture, spanName, index));
  assert.ok(v, `${fixture} ${spanName} has a view`);
  return JSON.parse(JSON.stringify(v)) as GenAiView; // as the JSON API delivers it
};
const text = (t: string) => ({ type: 'text', content: t });
const ANSWER = "It's 18°C and sunny in Paris, and 22°C with light rain in Tokyo.";
const HELLO = 'Hello! How can I help you today?';

test('OpenInference Responses: output_text parts are the assistant\'s text; instructions are the system message', () => {
  for (const fixture of ['openinference-openai/responses', 'openinference-openai/responses-stream']) {
    const v = view(fixture, 'OpenAI Responses');
    assert.deepEqual(v.outputMessages, [{ role: 'assistant', parts: [text(HELLO)] }], fixture);
    assert.deepEqual(v.inputMessages, [{ role: 'user', parts: [text('Say hello')] }]);
  }
  assert.deepEqual(view('openinference-openai/responses', 'OpenAI Responses').systemInstructions, [text('Be brief.')]);
});

test('OpenInference chat: llm.finish_reason, tool calls and tool results, cached and reasoning token details, cost', () => {
  const first = view('openinference-openai/chat-tools', 'OpenAI Chat Completions', 0);
  assert.deepEqual(first.finishReasons, ['tool_calls']);
  assert.deepEqual(first.outputMessages![0].parts.map((p) => [p.type, p.name, p.arguments]), [
    ['tool_call', 'get_weather', { location: 'Paris' }],
    ['tool_call', 'get_weather', { location: 'Tokyo' }],
  ]);
  const second = view('openinference-openai/chat-tools', 'OpenAI Chat Completions', 1);
  assert.deepEqual(second.inputMessages!.at(-1), { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', response: { temperature: 18 } }] });
  assert.deepEqual(second.outputMessages, [{ role: 'assistant', parts: [text(ANSWER)] }]);
  assert.deepEqual(second.finishReasons, ['stop']);
  const reasoning = view('openinference-openai/chat-reasoning', 'OpenAI Chat Completions');
  assert.deepEqual([reasoning.inputTokens, reasoning.cacheReadInputTokens, reasoning.outputTokens, reasoning.reasoningOutputTokens], [1342, 1152, 212, 192]);
  // o4-mini: 190 uncached at 1.10, 1152 cached at 0.275, 212 out at 4.40 per million.
  assert.equal(reasoning.costUsd, Math.round(((190 * 1.1 + 1152 * 0.275 + 212 * 4.4) / 1e6) * 1e9) / 1e9);
});

test('OpenInference embeddings: model from embedding.model_name, the texts as the input', () => {
  const v = view('openinference-openai/embeddings', 'OpenAI Embeddings');
  assert.equal(v.operation, 'embeddings');
  assert.equal(v.requestModel, 'text-embedding-3-small');
  assert.deepEqual(v.inputMessages, [{ role: 'user', parts: [text('The food was delicious'), text('The waiter was friendly')] }]);
});

test('OpenInference application spans: AGENT, CHAIN and TOOL show their input.value / output.value', () => {
  const agent = view('openinference-openai/agent-chain', 'weather_agent');
  assert.deepEqual(agent.entity, { kind: 'agent', name: 'weather_agent', input: "  What's the weather in Paris?  ", output: HELLO });
  assert.equal(isModelCall(agent), false);
  assert.deepEqual(view('openinference-openai/agent-chain', 'clean_question').entity, {
    kind: 'chain',
    name: 'clean_question',
    input: "  What's the weather in Paris?  ",
    output: "What's the weather in Paris?",
  });
  assert.deepEqual(view('openinference-openai/agent-chain', 'get_weather').entity, {
    kind: 'tool',
    name: 'get_weather',
    input: { location: 'Paris' },
    output: { location: 'Paris', temperature: 18 },
  });
  // The LLM span below them is the one model call of the trace.
  const totals = llmCallTotals(fixtureSpans('openinference-openai/agent-chain').map((s, i) => ({ spanId: String(i), parentSpanId: null, genAi: normalizeGenAi(s) })));
  assert.deepEqual([totals.llmCalls, totals.inputTokens, totals.outputTokens], [1, 19, 10]);
});

test('AI SDK embed / embedMany: ai.usage.tokens and the embedded values', () => {
  const one = view('ai-sdk/embed', 'ai.embed.doEmbed');
  assert.deepEqual([one.operation, one.requestModel, one.inputTokens, one.provider], ['embeddings', 'text-embedding-3-small', 8, 'openai']);
  assert.deepEqual(one.inputMessages, [{ role: 'user', parts: [text('The food was delicious')] }]);
  assert.equal(one.costUsd, (8 * 0.02) / 1e6);
  const many = view('ai-sdk/embed-many', 'ai.embedMany');
  assert.deepEqual(many.inputMessages, [{ role: 'user', parts: [text('The food was delicious'), text('The waiter was friendly')] }]);
  assert.equal(many.inputTokens, 8);
});

test('AI SDK: one provider label across the tree; tool calls show their args and result; cached Anthropic usage', () => {
  const spans = fixtureSpans('ai-sdk/generate-tools').map((s) => normalizeGenAi(s)!);
  assert.deepEqual(new Set(spans.filter((v) => v.provider).map((v) => v.provider)), new Set(['openai']));
  const tools = fixtureSpans('ai-sdk/generate-tools').filter((s) => s.name === 'ai.toolCall').map((s) => normalizeGenAi(s)!.entity!);
  tools.sort((a, b) => String(a.toolCallId).localeCompare(String(b.toolCallId)));
  assert.deepEqual(tools, [
    { kind: 'tool', name: 'get_weather', input: { location: 'Paris' }, output: { location: 'Paris', temperature: 18 }, toolCallId: 'call_DdmO9pD3xa9XTPNJ32zg2hcA' },
    { kind: 'tool', name: 'get_weather', input: { location: 'Tokyo' }, output: { location: 'Tokyo', temperature: 18 }, toolCallId: 'call_Qm3TnR8vY2wZ5xK7pL9sB4cE' },
  ]);
  const step = view('ai-sdk/generate-tools', 'ai.generateText.doGenerate', 0);
  assert.deepEqual(step.finishReasons, ['tool-calls']);
  assert.deepEqual(step.systemInstructions, [text('You are terse.')]);
  const cached = view('ai-sdk/anthropic-cached', 'ai.generateText.doGenerate');
  assert.deepEqual([cached.provider, cached.inputTokens, cached.cacheReadInputTokens, cached.cacheCreationInputTokens], ['anthropic', 2581, 2048, 512]);
  // Each call once: generateText wraps its two doGenerate steps.
  const all = fixtureSpans('ai-sdk/generate-tools');
  const ids = new Map<string, string>();
  const rows = all.map((s, i) => ({ spanId: String(i), name: s.name, genAi: normalizeGenAi(s) }));
  const root = rows.find((r) => r.name === 'ai.generateText')!.spanId;
  for (const r of rows) ids.set(r.spanId, r.spanId === root ? '' : root);
  const totals = llmCallTotals(rows.map((r) => ({ spanId: r.spanId, parentSpanId: ids.get(r.spanId) || null, genAi: r.genAi })));
  assert.deepEqual([totals.llmCalls, totals.inputTokens, totals.outputTokens], [2, 81 + 142, 46 + 19]);
});

test('legacy OpenLLMetry: the "null" content of a tool-calling assistant turn is no content, not the text null', () => {
  const v = view('openllmetry-legacy/chat-tools', 'openai.chat', 1);
  const assistant = v.inputMessages!.find((m) => m.role === 'assistant')!;
  assert.deepEqual(assistant.parts, []);
  assert.ok(!JSON.stringify(v.inputMessages).includes('"null"'));
  assert.deepEqual(v.outputMessages, [{ role: 'assistant', parts: [text(ANSWER)], finish_reason: 'stop' }]);
  assert.deepEqual([v.provider, v.inputTokens, v.outputTokens], ['openai', 142, 19]);
});

test('Traceloop: workflow, agent, task and tool spans show their entity input and output; LangChain workflows are not model calls', () => {
  assert.deepEqual(view('traceloop-sdk/agent-workflow', 'plan_trip.workflow').entity, {
    kind: 'workflow',
    name: 'plan_trip',
    input: { city: 'Paris' },
    output: ANSWER,
  });
  const tools = [0, 1].map((i) => view('traceloop-sdk/agent-workflow', 'get_weather.tool', i).entity!);
  tools.sort((a, b) => JSON.stringify(a.input).localeCompare(JSON.stringify(b.input)));
  assert.deepEqual(tools, ['Paris', 'Tokyo'].map((location) => ({ kind: 'tool', name: 'get_weather', input: { location }, output: { location, temperature: 18 } })));
  assert.deepEqual(view('traceloop-sdk/agent-workflow', 'travel_agent.agent').entity, { kind: 'agent', name: 'travel_agent', input: null, output: ANSWER });
  const chain = fixtureSpans('traceloop-sdk/langchain-chain').map((s) => normalizeGenAi(s)!);
  assert.deepEqual(chain.map((v) => [v.operation, v.entity?.kind, v.entity?.name, isModelCall(v)]), [
    ['workflow', 'workflow', 'RunnableLambda', false],
    ['workflow', 'workflow', 'RunnableLambda', false],
    ['workflow', 'workflow', 'RunnableSequence', false],
  ]);
  assert.deepEqual(chain[2].entity?.input, { question: ' What is OTLP? ' });
  assert.deepEqual(chain[2].entity?.output, { answer: 'You asked: What is OTLP?' });
  // Traceloop's rewrite of the AI SDK's tool calls: gen_ai.tool.call.arguments / result, with the call id.
  const rewritten = [0, 1].map((i) => view('traceloop-sdk/ai-sdk-agent', 'execute_tool get_weather', i).entity!).find((e) => e.toolCallId === 'call_DdmO9pD3xa9XTPNJ32zg2hcA');
  assert.deepEqual(rewritten, { kind: 'tool', name: 'get_weather', input: { location: 'Paris' }, output: { location: 'Paris', temperature: 18 }, toolCallId: 'call_DdmO9pD3xa9XTPNJ32zg2hcA' });
});

test('Anthropic through Traceloop and through its own SDK span: the same input count, stop_reason read', () => {
  const sdk = view('traceloop-sdk/anthropic-stream-cached', 'anthropic.messages.create');
  const traceloop = view('traceloop-sdk/anthropic-stream-cached', 'chat claude-haiku-4-5');
  assert.equal(sdk.inputTokens, 2581);
  assert.equal(traceloop.inputTokens, 2581);
  assert.deepEqual(sdk.finishReasons, ['end_turn']);
  assert.deepEqual(traceloop.outputMessages, [{ role: 'assistant', parts: [text(HELLO)] }], 'an empty finish_reason is no finish reason');
  assert.equal(sdk.costUsd, traceloop.costUsd);
});

test('Tracelight: withWorkflow / withAgent / withTool record input and output; a local model costs 0', () => {
  assert.deepEqual(view('tracelight-lib/entity-tree', 'execute_tool get_weather').entity, {
    kind: 'tool',
    name: 'get_weather',
    input: { location: 'Paris' },
    output: { location: 'Paris', temperature: 18 },
  });
  assert.deepEqual(view('tracelight-lib/entity-tree', 'invoke_agent travel_agent').entity?.input, "What's the weather in Paris?");
  assert.deepEqual(view('tracelight-lib/entity-tree', 'plan_trip.workflow').entity?.input, { city: 'Paris' });
  const local = view('tracelight-lib/local-model', 'chat llama3.2:3b');
  assert.equal(local.costUsd, 0);
  assert.equal(local.notes?.length, 1);
  const gemini = view('tracelight-lib/gemini-thinking', 'generate_content gemini-2.5-flash');
  assert.equal(gemini.outputMessages![0].parts[0].type, 'reasoning');
  // 42 uncached at 0.30, 2048 cached at 0.075, 199 out (12 text + 187 thoughts) at 2.50 per million.
  assert.equal(gemini.costUsd, Math.round(((42 * 0.3 + 2048 * 0.075 + 199 * 2.5) / 1e6) * 1e9) / 1e9);
});
