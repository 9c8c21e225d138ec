// The AI SDK example against the fake provider and an in-process viewer: the AI SDK's own spans and our
// HTTP-level gen_ai spans must form one tree under the example's workflow, and count tokens once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../examples/ai-sdk/run.js';
import { createViewerServer } from '../../viewer/server/create-viewer-server.js';
import type { StoredSpan, TracesResponse } from '../../viewer/shared/api-types.js';
import { childrenOf, getJson, waitForTraceWith } from '../helpers/viewer-api.js';

/** Asserts `parent` has exactly one child, our CLIENT `chat {model}` span, and returns it. */
function httpSpanUnder(spans: StoredSpan[], parent: StoredSpan, model: string, streamed: boolean): StoredSpan {
  const children = childrenOf(spans, parent);
  assert.deepEqual(children.map((s) => s.name), [`chat ${model}`], `${parent.name} > our HTTP-level span`);
  const [llm] = children;
  assert.equal(llm.scope.name, 'tracelight');
  assert.equal(llm.kind, 3);
  assert.equal(llm.attributes['gen_ai.provider.name'], 'openai');
  assert.equal(llm.attributes['gen_ai.request.model'], model);
  assert.equal(llm.attributes['gen_ai.request.stream'] === true, streamed);
  assert.equal(typeof llm.attributes['gen_ai.usage.input_tokens'], 'number');
  assert.equal(typeof llm.attributes['gen_ai.usage.output_tokens'], 'number');
  assert.equal(llm.genAi?.operation, 'chat');
  return llm;
}

test('ai-sdk: generateText (with tools) and streamText spans nest our chat spans in one tree', async (t) => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  t.after(() => viewer.close());

  const result = await run({ otlpEndpoint: viewer.url, env: {} });
  assert.equal(result.usedFakeProvider, true);
  assert.deepEqual(result.toolCalls, ['get_weather', 'get_weather']);
  assert.match(result.generated, /Paris/);
  assert.ok(result.streamed.length > 0);

  const spans = await waitForTraceWith(viewer.url, 'the AI SDK workflow', (s) => s.name === 'ai-sdk-example.workflow', 11);
  assert.equal(spans.length, 11, spans.map((s) => s.name).join(', '));
  const root = spans.find((s) => s.name === 'ai-sdk-example.workflow')!;
  assert.equal(root.parentSpanId, null);
  assert.ok(spans.every((s) => s.traceId === root.traceId));

  const [generate, stream, ...others] = childrenOf(spans, root);
  assert.equal(others.length, 0);
  assert.equal(generate.name, 'ai.generateText');
  assert.equal(stream.name, 'ai.streamText');

  // generateText: step 1 asks for two tools, the AI SDK runs them, step 2 answers.
  const steps = childrenOf(spans, generate);
  assert.deepEqual(
    steps.map((s) => s.name),
    ['ai.generateText.doGenerate', 'ai.toolCall', 'ai.toolCall', 'ai.generateText.doGenerate'],
  );
  for (const toolCall of steps.slice(1, 3)) assert.equal(toolCall.attributes['ai.toolCall.name'], 'get_weather');
  const first = httpSpanUnder(spans, steps[0], 'gpt-4o-mini-tools', false);
  const second = httpSpanUnder(spans, steps[3], 'gpt-4o-mini-tools', false);
  assert.deepEqual(first.genAi?.finishReasons, ['tool_calls']);
  assert.equal(second.genAi?.inputMessages?.flatMap((m) => m.parts).filter((p) => p.type === 'tool_call_response').length, 2);

  // streamText: doStream > our streamed span, with its time to first chunk.
  const [doStream, ...extra] = childrenOf(spans, stream);
  assert.equal(extra.length, 0);
  assert.equal(doStream.name, 'ai.streamText.doStream');
  assert.equal(doStream.attributes['ai.model.id'], 'gpt-4o-mini');
  const streamed = httpSpanUnder(spans, doStream, 'gpt-4o-mini', true);
  assert.equal(typeof streamed.genAi?.timeToFirstChunkMs, 'number');

  // The trace list counts each call's tokens once, although AI SDK spans and ours both describe them.
  const ours = [first, second, streamed];
  const { traces } = await getJson<TracesResponse>(viewer.url, '/api/traces');
  const summary = traces.find((trace) => trace.traceId === root.traceId)!;
  assert.equal(summary.inputTokens, ours.reduce((n, s) => n + Number(s.attributes['gen_ai.usage.input_tokens']), 0));
  assert.equal(summary.outputTokens, ours.reduce((n, s) => n + Number(s.attributes['gen_ai.usage.output_tokens']), 0));
});
