import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GenAiView } from '../../../viewer/shared/api-types.js';
import { llmCallTotals } from '../../../viewer/shared/llm-call-totals.js';

function view(operation: string, inputTokens: number | null, outputTokens: number | null, costUsd: number | null = null): GenAiView {
  return {
    provider: 'openai', operation, requestModel: 'gpt-4o-mini', responseModel: null, inputTokens, outputTokens,
    inputMessages: null, outputMessages: null, systemInstructions: null, finishReasons: null,
    timeToFirstChunkMs: null, costUsd,
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
  assert.deepEqual(totals, { llmCalls: 2, inputTokens: 30, outputTokens: 12, costUsd: 0.003 });
});

test('agent and tool spans are not model calls; unknown prices give a null cost', () => {
  const totals = llmCallTotals([
    span('agent', null, view('invoke_agent', null, null)),
    span('llm', 'agent', view('chat', 100, 20)),
    span('tool', 'agent', view('execute_tool', null, null)),
    span('embed', 'agent', view('embeddings', 8, null)),
  ]);
  assert.deepEqual(totals, { llmCalls: 2, inputTokens: 108, outputTokens: 20, costUsd: null });
});
