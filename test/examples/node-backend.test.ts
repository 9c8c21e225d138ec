// The node-backend example against the fake provider and an in-process viewer: the trace the viewer holds
// must be workflow > agent > (streamed chat, tools, streamed chat), with gen_ai attributes from the SDK's wire.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../examples/node-backend/run.js';
import { createViewerServer } from '../../viewer/server/create-viewer-server.js';
import { openAiFixtureUsage } from '../helpers/fixture-usage.js';
import { childrenOf, waitForTraceWith } from '../helpers/viewer-api.js';

test('node-backend: streamed tool-using agent inside workflow, agent and tool spans', async (t) => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  t.after(() => viewer.close());

  const result = await run({ otlpEndpoint: viewer.url, env: {} });
  assert.equal(result.usedFakeProvider, true);
  assert.equal(result.turns, 2);
  assert.deepEqual(result.toolCalls, ['get_weather', 'get_weather']);
  assert.match(result.answer, /Paris/);

  const spans = await waitForTraceWith(viewer.url, 'the plan-trip workflow', (s) => s.name === 'plan-trip.workflow', 6);
  assert.equal(spans.length, 6, spans.map((s) => s.name).join(', '));
  const workflow = spans.find((s) => s.name === 'plan-trip.workflow')!;
  assert.equal(workflow.parentSpanId, null);
  assert.equal(workflow.attributes['traceloop.span.kind'], 'workflow');
  assert.equal(workflow.resource.attributes['service.name'], 'node-backend-example');

  const [agent, ...others] = childrenOf(spans, workflow);
  assert.equal(others.length, 0);
  assert.equal(agent.name, 'invoke_agent travel-assistant');
  assert.equal(agent.attributes['gen_ai.operation.name'], 'invoke_agent');
  assert.equal(agent.attributes['gen_ai.agent.name'], 'travel-assistant');

  const steps = childrenOf(spans, agent);
  assert.deepEqual(
    steps.map((s) => s.name),
    ['chat gpt-4o-mini-tools', 'execute_tool get_weather', 'execute_tool get_weather', 'chat gpt-4o-mini-tools'],
  );
  const [firstTurn, toolA, toolB, secondTurn] = steps;
  // Tools run after the first turn's stream ended and before the second turn started. The OTel SDK stamps a span's
  // start with Date.now() (whole milliseconds) and its end as start + a precise duration, so times of two different
  // spans compare only to within 1 ms.
  const clockSlack = 1_000_000n;
  for (const tool of [toolA, toolB]) {
    assert.equal(tool.attributes['gen_ai.tool.name'], 'get_weather');
    assert.ok(BigInt(tool.startTimeUnixNano) + clockSlack >= BigInt(firstTurn.endTimeUnixNano));
    assert.ok(BigInt(tool.endTimeUnixNano) <= BigInt(secondTurn.startTimeUnixNano) + clockSlack);
  }

  const usages = [openAiFixtureUsage('chat-tool-calls.sse'), openAiFixtureUsage('chat-tool-answer.sse')];
  for (const [index, turn] of [firstTurn, secondTurn].entries()) {
    assert.equal(turn.kind, 3, 'LLM spans are CLIENT spans');
    assert.equal(turn.status.code === 2, false);
    assert.equal(turn.attributes['gen_ai.provider.name'], 'openai');
    assert.equal(turn.attributes['gen_ai.operation.name'], 'chat');
    assert.equal(turn.attributes['gen_ai.request.model'], 'gpt-4o-mini-tools');
    assert.equal(turn.attributes['gen_ai.request.stream'], true);
    assert.equal(turn.attributes['server.address'], '127.0.0.1');
    assert.ok(turn.genAi, 'the viewer normalized the LLM span');
    assert.equal(turn.genAi.provider, 'openai');
    assert.equal(turn.genAi.inputTokens, usages[index].input);
    assert.equal(turn.genAi.outputTokens, usages[index].output);
    assert.equal(typeof turn.genAi.timeToFirstChunkMs, 'number');
    assert.equal(turn.attributes['traceloop.workflow.name'], 'plan-trip');
  }
  assert.deepEqual(firstTurn.genAi!.finishReasons, ['tool_calls']);
  const calls = firstTurn.genAi!.outputMessages!.flatMap((m) => m.parts).filter((p) => p.type === 'tool_call');
  assert.deepEqual(
    calls.map((p) => [p.name, p.arguments]),
    [
      ['get_weather', { location: 'Paris' }],
      ['get_weather', { location: 'Tokyo' }],
    ],
  );
  const toolResults = secondTurn.genAi!.inputMessages!.flatMap((m) => m.parts).filter((p) => p.type === 'tool_call_response');
  assert.equal(toolResults.length, 2);
  assert.deepEqual(secondTurn.genAi!.finishReasons, ['stop']);
  assert.match(JSON.stringify(secondTurn.genAi!.outputMessages), /sunny in Paris/);
});
