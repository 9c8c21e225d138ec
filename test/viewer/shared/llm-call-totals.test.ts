import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GenAiView } from '../../../viewer/shared/api-types.js';
import { llmCallTotals } from '../../../viewer/shared/llm-call-totals.js';

function view(operation: string, inputTokens: number | null, outputTokens: number | null, costUsd: number | null = null): GenAiView {
  return {
    provider: 'openai', operation, requestModel: 'gpt-4o-mini', responseModel: null, inputTokens, outputTokens,
    inputMessages: null, outputMessages: null, systemInstructions: null, finishReasons: null,
    timeToFirstChunkMs: null, costUsd, cacheReadInputTokens: null, cacheCreationInputTokens: null, reasoningOutputTokens: null,
  };
}
const span = (spanId: string, parentSpanId: string | null, genAi: GenAiView | null) => ({ spanId, parentSpanId, genAi });

test('an SDK span wrapping our HTTP-level span is one call, counted once', () => {
  // AI SDK: generateText (aggregate) > doGenerate (per step) > our chat span; two steps.
  const totals = llmCallTotals([
    span('root', null, null),
    span('gen', 'root', view('chat', 30, 12)),
    span('step1', 'gen', view('chat', 10, 5)),
    span('http1', 'step1', view('chat', 10, 5, 0.001)),
    span('step2', 'gen', view('chat', 20, 7)),
    span('http2', 'step2', view('chat', 20, 7, 0.002)),
  ]);
  assert.deepEqual(totals, { llmCalls: 2, inputTokens: 30, outputTokens: 12, costUsd: 0.003, unpricedCalls: 0 });
});

test('agent and tool spans are not model calls; unknown prices give a null cost', () => {
  const totals = llmCallTotals([
    span('agent', null, view('invoke_agent', null, null)),
    span('llm', 'agent', view('chat', 100, 20)),
    span('tool', 'agent', view('execute_tool', null, null)),
    span('embed', 'agent', view('embeddings', 8, null)),
  ]);
  assert.deepEqual(totals, { llmCalls: 2, inputTokens: 108, outputTokens: 20, costUsd: null, unpricedCalls: 2 });
});

test('a wrapper counts as one call even with non-LLM spans between it and the call it wraps', () => {
  // Anthropic SDK span > retry span (no gen_ai) > our HTTP span; an AI SDK span > step > tool-ish span > HTTP span.
  const totals = llmCallTotals([
    span('http2', 'mid2', view('chat', 5, 1)), // children may come first
    span('sdk', null, view('chat', 40, 9)),
    span('retry', 'sdk', null),
    span('http', 'retry', view('chat', 40, 9, 0.01)),
    span('gen', null, view('chat', 5, 1)),
    span('step', 'gen', null),
    span('mid2', 'step', null),
  ]);
  assert.deepEqual(totals, { llmCalls: 2, inputTokens: 45, outputTokens: 10, costUsd: 0.01, unpricedCalls: 1 });
});

test('a cycle in malformed parent links ends', () => {
  const totals = llmCallTotals([span('a', 'b', view('chat', 1, 1)), span('b', 'a', view('chat', 2, 2)), span('c', 'c', view('chat', 4, 4))]);
  assert.equal(totals.llmCalls, 0, 'each wraps the other');
});
