// The AI SDK example against the fake provider and an in-process viewer: the AI SDK's own spans and our
// HTTP-level gen_ai spans must form one tree under the example's workflow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../examples/ai-sdk/run';
import { createViewerServer } from '../../viewer/server/create-viewer-server';
import { childrenOf, waitForTraceWith } from './viewer-api';

test('ai-sdk: generateText and streamText spans nest our chat spans in one tree', async (t) => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  t.after(() => viewer.close());

  const result = await run({ otlpEndpoint: viewer.url, env: {} });
  assert.equal(result.usedFakeProvider, true);
  assert.ok(result.generated.length > 0);
  assert.ok(result.streamed.length > 0);

  const spans = await waitForTraceWith(viewer.url, 'the AI SDK workflow', (s) => s.name === 'ai-sdk-example.workflow', 7);
  const root = spans.find((s) => s.name === 'ai-sdk-example.workflow')!;
  assert.equal(root.parentSpanId, null);
  assert.ok(spans.every((s) => s.traceId === root.traceId));

  const calls = childrenOf(spans, root);
  assert.deepEqual(calls.map((s) => s.name), ['ai.generateText', 'ai.streamText']);
  for (const [call, inner, streamed] of [
    [calls[0], 'ai.generateText.doGenerate', false],
    [calls[1], 'ai.streamText.doStream', true],
  ] as const) {
    const [providerCall] = childrenOf(spans, call);
    assert.equal(providerCall?.name, inner, `${call.name} > ${inner}`);
    assert.equal(providerCall.attributes['ai.model.id'], 'gpt-4o-mini');
    const http = childrenOf(spans, providerCall);
    assert.deepEqual(http.map((s) => s.name), ['chat gpt-4o-mini'], `${inner} > our HTTP-level span`);
    const [llm] = http;
    assert.equal(llm.kind, 3);
    assert.equal(llm.attributes['gen_ai.provider.name'], 'openai');
    assert.equal(llm.attributes['gen_ai.request.model'], 'gpt-4o-mini');
    assert.equal(llm.attributes['gen_ai.request.stream'] === true, streamed);
    assert.equal(typeof llm.attributes['gen_ai.usage.input_tokens'], 'number');
    assert.equal(typeof llm.attributes['gen_ai.usage.output_tokens'], 'number');
    assert.ok(llm.genAi);
    assert.equal(llm.genAi.operation, 'chat');
  }
});
