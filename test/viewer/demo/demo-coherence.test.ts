// The demo reads like real conversations: every text answer fits the prompt it answers (the canned answer for that
// prompt, through the real `openai` and `@anthropic-ai/sdk` clients, streamed and not), and an agent's answer after
// tool calls repeats what the tools returned, never other figures.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoAnswer } from '../../../viewer/demo/demo-prompts.js';
import { startDemo } from '../../../viewer/demo/start-demo.js';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { MessagePart, StoredSpan } from '../../../viewer/shared/api-types.js';
import { waitFor } from '../../helpers/viewer-api.js';
import { findDemoProblems, readDemoTraces } from '../../helpers/demo-expectations.js';

const textOf = (parts: MessagePart[] | undefined) =>
  (parts ?? []).filter((p) => p.type === 'text').map((p) => String(p.content)).join('');

/** The latest user turn with text (tool-result turns skipped), as the fake provider picks the answer by it. */
function lastUserText(span: StoredSpan): string {
  const users = (span.genAi?.inputMessages ?? []).filter((m) => m.role === 'user' && textOf(m.parts));
  return textOf(users.at(-1)?.parts);
}

test('demo answers fit their prompts and agree with the tool results', async (t) => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  t.after(() => viewer.close());
  const demo = await startDemo({ otlpEndpoint: viewer.url, intervalMs: 60_000, log: () => {} });
  t.after(() => demo.close());
  const traces = await waitFor('one full demo round', async () => {
    const all = await readDemoTraces(viewer.url);
    return findDemoProblems(all).missing.length === 0 ? all : undefined;
  }, 40_000);
  await demo.close();

  const answered = traces
    .flatMap((trace) => trace.spans)
    .filter((s) => s.scope.name === 'tracelight' && s.status.code !== 2 && textOf(s.genAi?.outputMessages?.[0]?.parts));
  assert.ok(answered.length >= 8, `${answered.length} answered LLM calls`);
  for (const span of answered) {
    const prompt = lastUserText(span);
    const answer = textOf(span.genAi!.outputMessages![0].parts);
    if (span.genAi!.outputMessages![0].parts.some((p) => p.type === 'tool_call')) continue; // "let me check" + tool calls
    assert.equal(answer, demoAnswer(prompt), `answer to ${JSON.stringify(prompt.slice(0, 60))}`);
    assert.doesNotMatch(answer, /How can I help you today/);

    // After tool results, every temperature the answer names is one a tool returned.
    const results = (span.genAi!.inputMessages ?? []).flatMap((m) => m.parts).filter((p) => p.type === 'tool_call_response');
    if (!results.length) continue;
    const returned = new Set(results.flatMap((p) => JSON.stringify(p.response).match(/temperature\W+(\d+)/g) ?? []).map((m) => m.replace(/\D/g, '')));
    const named = answer.match(/(\d+) °C/g)?.map((m) => m.replace(/\D/g, '')) ?? [];
    assert.ok(named.length > 0, `the answer after tools names the weather: ${answer}`);
    for (const degrees of named) assert.ok(returned.has(degrees), `${degrees} °C in "${answer}" was returned by a tool (${[...returned]})`);
  }
});
