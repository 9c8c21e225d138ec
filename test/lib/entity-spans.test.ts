import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { init, shutdown, flush, tracedFetch, withWorkflow, withTask, withAgent, withTool, withAssociationProperties, continueTrace } from '../../lib/node.js';
import { createOtlpSink, type OtlpSink } from '../helpers/otlp-sink.js';
import { acmeAdapter } from '../helpers/acme-adapter.js';
import { createLlmTestServer, type LlmTestServer } from '../helpers/llm-test-server.js';

let sink: OtlpSink;
let server: LlmTestServer;

before(async () => {
  sink = await createOtlpSink();
  server = await createLlmTestServer();
  init({ endpoint: sink.url, exportMode: 'batch', patchFetch: false, providers: [acmeAdapter] });
});
after(async () => {
  await shutdown();
  await server.close();
  await sink.close();
});

const llm = async () => {
  const res = await tracedFetch(`${server.url}/acme/chat`, {
    method: 'POST',
    body: JSON.stringify({ model: 'acme-large', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  return (await res.json()).choices[0].text as string;
};

test('workflow > task/agent/tool > LLM spans nest through await, with Traceloop and GenAI attributes', async () => {
  const result = await withAssociationProperties({ userId: 'u-1', sessionId: 's-1', conversationId: 'c-1', tenant: 'acme' }, () =>
    withWorkflow('support', async () => {
      await sleep(1);
      const plan = await withTask('plan', async () => {
        await sleep(1);
        return llm();
      });
      const weather = await withTool('get_weather', async () => 'sunny');
      const answer = await withAgent('writer', () => llm());
      return `${plan}|${weather}|${answer}`;
    }),
  );
  assert.equal(result, 'Hello there|sunny|Hello there');
  await flush();
  const spans = await sink.waitForSpans(6);
  const byName = new Map(spans.map((s) => [s.name, s]));
  const workflow = byName.get('support.workflow')!;
  const task = byName.get('plan.task')!;
  const tool = byName.get('execute_tool get_weather')!;
  const agent = byName.get('invoke_agent writer')!;
  const llms = spans.filter((s) => s.name === 'chat acme-large');
  assert.equal(llms.length, 2);
  assert.equal(workflow.parentSpanId, '');
  assert.equal(task.parentSpanId, workflow.spanId);
  assert.equal(tool.parentSpanId, workflow.spanId);
  assert.equal(agent.parentSpanId, workflow.spanId);
  assert.deepEqual(new Set(llms.map((s) => s.parentSpanId)), new Set([task.spanId, agent.spanId]));
  for (const s of spans) {
    assert.equal(s.traceId, workflow.traceId);
    assert.equal(s.attributes['traceloop.workflow.name'], 'support', s.name);
    assert.equal(s.attributes['traceloop.association.properties.userId'], 'u-1', s.name);
    assert.equal(s.attributes['traceloop.association.properties.tenant'], 'acme', s.name);
    assert.equal(s.attributes['user.id'], 'u-1');
    assert.equal(s.attributes['session.id'], 's-1');
    assert.equal(s.attributes['gen_ai.conversation.id'], 'c-1');
  }
  assert.equal(workflow.attributes['traceloop.span.kind'], 'workflow');
  assert.equal(task.attributes['traceloop.span.kind'], 'task');
  assert.equal(task.attributes['traceloop.entity.name'], 'plan');
  assert.equal(agent.attributes['gen_ai.operation.name'], 'invoke_agent');
  assert.equal(agent.attributes['gen_ai.agent.name'], 'writer');
  assert.equal(tool.attributes['gen_ai.operation.name'], 'execute_tool');
  assert.equal(tool.attributes['gen_ai.tool.name'], 'get_weather');
});

test('helpers return sync values as is and rethrow the exact error, marking the span ERROR', async () => {
  const before = sink.spans().length;
  assert.equal(withTask('sync', () => 42), 42);
  const boom = new RangeError('nope');
  assert.throws(() => withTool('bad-sync', () => { throw boom; }), (e) => e === boom);
  const promise = Promise.reject(boom);
  promise.catch(() => {});
  await assert.rejects(withWorkflow('bad-async', () => promise), (e) => e === boom);
  await flush();
  const spans = (await sink.waitForSpans(before + 3)).slice(before);
  const bad = spans.find((s) => s.name === 'bad-async.workflow')!;
  assert.equal(bad.status.code, 2);
  assert.equal(bad.attributes['error.type'], 'RangeError');
  assert.ok(bad.events.some((e) => e.name === 'exception'));
  assert.equal(spans.find((s) => s.name === 'sync.task')!.status.code, 0);
});

test('continueTrace joins the trace named by an incoming traceparent (Headers or Node record)', async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const parent = '00f067aa0ba902b7';
  const before = sink.spans().length;
  const value = await continueTrace(new Headers({ traceparent: `00-${traceId}-${parent}-01` }), () => withTask('handler', async () => 'ok'));
  assert.equal(value, 'ok');
  await continueTrace({ TraceParent: `00-${traceId}-${parent}-01` }, () => withTask('handler2', () => 1));
  assert.equal(continueTrace({ traceparent: 'garbage' }, () => 'still runs'), 'still runs');
  await flush();
  const spans = (await sink.waitForSpans(before + 2)).slice(before);
  for (const s of spans) {
    assert.equal(s.traceId, traceId);
    assert.equal(s.parentSpanId, parent);
  }
});
