// withWorkflow / withTask / withAgent / withTool record the function's input and result as Traceloop's decorators do,
// under the content switch and the redact hook, and never throw into (or change) the user's code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { init, shutdown, flush, withWorkflow, withTask, withAgent, withTool, type RedactHook } from '../../lib/node.js';
import { getRuntimeState, updateRuntimeState } from '../../lib/state/runtime-state.js';
import { createOtlpSink, type OtlpSink, type SinkSpan } from '../helpers/otlp-sink.js';

let sink: OtlpSink;
let redact: RedactHook | undefined;
const seenByHook: string[] = [];

before(async () => {
  sink = await createOtlpSink();
  init({
    endpoint: sink.url,
    exportMode: 'immediate',
    patchFetch: false,
    maxContentLength: 2000,
    redact: (value, name) => {
      seenByHook.push(name);
      return redact ? redact(value, name) : value;
    },
  });
});
after(async () => {
  await shutdown();
  await sink.close();
});

async function spanNamed(name: string): Promise<SinkSpan> {
  await flush();
  for (let i = 0; i < 200; i++) {
    const span = sink.spans().find((s) => s.name === name);
    if (span) return span;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no span ${name}`);
}

test('withTool: input as Traceloop args and GenAI tool-call arguments, the resolved result as output and tool-call result', async () => {
  const result = { location: 'Paris', temperature: 18 };
  const returned = await withTool('get_weather', async () => result, { input: { location: 'Paris' } });
  assert.equal(returned, result, 'the very same value comes back');
  const span = await spanNamed('execute_tool get_weather');
  assert.equal(span.attributes['traceloop.entity.input'], '{"args":[],"kwargs":{"location":"Paris"}}');
  assert.equal(span.attributes['gen_ai.tool.call.arguments'], '{"location":"Paris"}');
  assert.equal(span.attributes['traceloop.entity.output'], JSON.stringify(result));
  assert.equal(span.attributes['gen_ai.tool.call.result'], JSON.stringify(result));
});

test('withWorkflow / withTask / withAgent: a non-object input is one positional argument; sync results are recorded too', async () => {
  assert.equal(withTask('shout', () => 'HI', { input: 'hi' }), 'HI');
  await withAgent('planner', async () => ['a', 'b'], { input: [1, 2] });
  await withWorkflow('plain', async () => 42);
  const task = await spanNamed('shout.task');
  assert.equal(task.attributes['traceloop.entity.input'], '{"args":["hi"],"kwargs":{}}');
  assert.equal(task.attributes['traceloop.entity.output'], '"HI"');
  assert.equal(task.attributes['gen_ai.tool.call.arguments'], undefined, 'tool attributes only on tools');
  const agent = await spanNamed('invoke_agent planner');
  assert.equal(agent.attributes['traceloop.entity.input'], '{"args":[[1,2]],"kwargs":{}}');
  assert.equal(agent.attributes['traceloop.entity.output'], '["a","b"]');
  const workflow = await spanNamed('plain.workflow');
  assert.equal(workflow.attributes['traceloop.entity.input'], undefined, 'no input given, none recorded');
  assert.equal(workflow.attributes['traceloop.entity.output'], '42');
});

test('circular, huge and getter-bearing values: recorded safely, never read through a getter, never thrown', async () => {
  const circular: any = { name: 'loop', big: 10n, fn: () => 1 };
  circular.self = circular;
  let getterCalls = 0;
  const withGetter = Object.defineProperty({ plain: 1 }, 'lazy', { enumerable: true, get: () => (getterCalls++, 'x') });
  const huge = { text: 'x'.repeat(50_000) };
  const stream = new ReadableStream();
  assert.equal(await withTask('circular', async () => circular, { input: withGetter }), circular);
  assert.equal(withTask('huge', () => huge), huge);
  assert.equal(withTask('stream', () => stream), stream);
  assert.equal(getterCalls, 0);
  const c = await spanNamed('circular.task');
  assert.equal(c.attributes['traceloop.entity.output'], '{"name":"loop","big":"10","self":"[Circular]"}');
  assert.equal(c.attributes['traceloop.entity.input'], '{"args":[],"kwargs":{"plain":1}}');
  const h = await spanNamed('huge.task');
  const output = String(h.attributes['traceloop.entity.output']);
  assert.equal(output.length, 2000 + '…[truncated]'.length);
  assert.ok(output.endsWith('…[truncated]'));
  assert.equal((await spanNamed('stream.task')).attributes['traceloop.entity.output'], '"[ReadableStream]"');
});

test('the redact hook sees each value by name, and can rewrite or drop it; a failing hook drops the value', async () => {
  seenByHook.length = 0;
  redact = (value, name) => (name === 'gen_ai.tool.call.arguments' ? { card: '****' } : name === 'gen_ai.tool.call.result' ? undefined : value);
  await withTool('charge', async () => ({ ok: true }), { input: { card: '4111111111111111' } });
  redact = () => {
    throw new Error('hook bug');
  };
  await withTask('hook-fails', async () => 'secret', { input: 'secret' });
  redact = undefined;
  assert.deepEqual(seenByHook.slice(0, 2), ['gen_ai.tool.call.arguments', 'gen_ai.tool.call.result']);
  const charge = await spanNamed('execute_tool charge');
  assert.equal(charge.attributes['gen_ai.tool.call.arguments'], '{"card":"****"}');
  assert.equal(charge.attributes['traceloop.entity.input'], '{"args":[],"kwargs":{"card":"****"}}');
  assert.equal(charge.attributes['gen_ai.tool.call.result'], undefined);
  assert.equal(charge.attributes['traceloop.entity.output'], undefined);
  assert.ok(!JSON.stringify(charge).includes('4111'));
  const failed = await spanNamed('hook-fails.task');
  assert.ok(!JSON.stringify(failed.attributes).includes('secret'));
});

test('content capture off, or recordOutput: false: nothing recorded; a rejected promise records no output', async () => {
  await withTool('no-output', async () => 'kept private', { input: { q: 1 }, recordOutput: false });
  await assert.rejects(withTask('rejects', async () => Promise.reject(new Error('nope')), { input: 'x' }));
  const content = getRuntimeState().content;
  updateRuntimeState({ content: { ...content, captureContent: false } });
  try {
    await withTool('capture-off', async () => 'hidden', { input: { q: 'hidden' } });
  } finally {
    updateRuntimeState({ content });
  }
  const noOutput = await spanNamed('execute_tool no-output');
  assert.equal(noOutput.attributes['gen_ai.tool.call.arguments'], '{"q":1}');
  assert.equal(noOutput.attributes['gen_ai.tool.call.result'], undefined);
  const rejected = await spanNamed('rejects.task');
  assert.equal(rejected.status.code, 2);
  assert.equal(rejected.attributes['traceloop.entity.output'], undefined);
  const off = await spanNamed('execute_tool capture-off');
  assert.ok(!JSON.stringify(off.attributes).includes('hidden'));
});
