// Content stripping (TRACELIGHT_FORWARD_CONTENT=false, the relay's stripContent) against the one content registry:
// every dialect of the span fixtures (what real packages sent), span events, log records; and the registry against
// the normalizer, so what the viewer shows as content is exactly what stripping removes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stripContent, stripLogsContent, type ContentLogsRequest } from '../../../lib/forward/strip-content.js';
import { isContentAttribute } from '../../../lib/forward/content-registry.js';
import type { OtlpAnyValue, OtlpKeyValue, OtlpTraceRequest } from '../../../lib/forward/otlp-types.js';
import { normalizeGenAi } from '../../../viewer/shared/normalize-gen-ai.js';
import { GEN_AI_SUMMARY_KEYS, genAiSummary } from '../../../viewer/shared/gen-ai-summary.js';
import type { Attributes } from '../../../viewer/shared/api-types.js';
import { SPAN_FIXTURES, readSpanFixture, requestSpans } from '../../helpers/span-fixtures.js';
import { canariesIn, CONTENT_CANARIES } from '../../helpers/senders/content-canaries.js';

test('a span of every dialect: no content string survives stripping; ids, names, models and tokens do', () => {
  const seen = new Set<string>();
  for (const name of SPAN_FIXTURES) {
    const request = readSpanFixture(name);
    const before = JSON.stringify(request);
    const found = canariesIn(request);
    assert.ok(found.length, `${name} carries content to strip`);
    for (const c of found) seen.add(c);
    const stripped = stripContent(request);
    assert.deepEqual(canariesIn(stripped), [], name);
    assert.equal(JSON.stringify(request), before, `${name}: the local copy keeps its content`);
    const spans = requestSpans(stripped);
    assert.deepEqual(spans.map((s) => s.name), requestSpans(request).map((s) => s.name));
    for (const [i, span] of requestSpans(request).entries()) {
      // The scalar facts (models, tokens, cost, finish reasons) are not content and stay.
      assert.deepEqual(genAiSummary(spans[i].attributes), genAiSummary(span.attributes), `${name} ${span.name}`);
    }
  }
  assert.deepEqual(CONTENT_CANARIES.filter((c) => !seen.has(c)), [], 'every canary occurs in some fixture');
});

test('after stripping, the normalizer finds no content in any dialect: the registry covers everything it reads content from', () => {
  for (const name of SPAN_FIXTURES) {
    for (const span of requestSpans(stripContent(readSpanFixture(name)))) {
      const view = normalizeGenAi(span);
      if (!view) continue;
      const where = `${name} ${span.name}`;
      const parts = [...(view.inputMessages ?? []), ...(view.outputMessages ?? [])].flatMap((m) => m.parts).concat(view.systemInstructions ?? []);
      assert.deepEqual(parts.filter((p) => p.type !== 'text' || p.content), [], where);
      assert.equal(view.entity?.input ?? null, null, where);
      assert.equal(view.entity?.output ?? null, null, where);
    }
  }
});

// Attributes the normalizer reads that are names and ids, not content (`tool.name` is a tool's name, the mime type
// says how to read `input.value`).
const STRUCTURAL = new Set([
  'gen_ai.tool.name',
  'gen_ai.tool.call.id',
  'gen_ai.agent.name',
  'ai.toolCall.name',
  'ai.toolCall.id',
  'traceloop.entity.name',
  'traceloop.workflow.name',
  'tool.name',
  'input.mime_type',
  'output.mime_type',
  'ai.response.finishReason',
  'body',
]);

test('every attribute the normalizer reads is a summary key, a name or id, or content in the registry', () => {
  const unclassified = new Set<string>();
  const trap = (a: Attributes): Attributes =>
    new Proxy(a, {
      get(target, key) {
        if (typeof key === 'string' && key in target && !GEN_AI_SUMMARY_KEYS.has(key) && !STRUCTURAL.has(key) && !isContentAttribute(key)) unclassified.add(key);
        return Reflect.get(target, key);
      },
    });
  let read = 0;
  for (const name of SPAN_FIXTURES) {
    for (const span of requestSpans(readSpanFixture(name))) {
      // (The attributes of GenAI message events are content as a whole: see the events test.)
      if (normalizeGenAi({ ...span, attributes: trap(span.attributes) })) read++;
    }
  }
  assert.ok(read > 40);
  assert.deepEqual([...unclassified], []);
});

const kv = (key: string, value: string | number): OtlpKeyValue => ({ key, value: typeof value === 'number' ? { intValue: String(value) } : { stringValue: value } });

function oneSpan(attributes: OtlpKeyValue[], events: Array<{ name: string; attributes: OtlpKeyValue[] }> = []): OtlpTraceRequest {
  return {
    resourceSpans: [
      {
        resource: { attributes: [kv('service.name', 'svc')] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                parentSpanId: '',
                name: 'chat gpt-4o',
                kind: 3,
                startTimeUnixNano: '1',
                endTimeUnixNano: '2',
                attributes,
                events: events.map((e) => ({ timeUnixNano: '1', ...e })),
                links: [],
                status: { code: 0 },
              },
            ],
          },
        ],
      },
    ],
  };
}

test('the keys that leaked before: older OpenLLMetry, request functions and tools, flattened GenAI messages', () => {
  const leaked = [
    'llm.prompts.0.content',
    'llm.completions.0.content',
    'llm.prompts.0',
    'llm.request.functions.0.description',
    'llm.request.functions.0.arguments',
    'gen_ai.request.tools',
    'gen_ai.input.messages.0.content',
    'gen_ai.output.messages.0.parts.0.content',
    'llm.invocation_parameters',
    'ai.response.providerMetadata',
    'traceloop.prompt.template_variables.city',
    'retrieval.documents.0.document.content',
    'tool.parameters',
    'mcp.response.value',
  ];
  const request = oneSpan([...leaked.map((k) => kv(k, `SECRET ${k}`)), kv('gen_ai.request.model', 'gpt-4o'), kv('gen_ai.usage.input_tokens', 5), kv('gen_ai.tool.name', 'get_weather')]);
  const kept = stripContent(request).resourceSpans[0].scopeSpans[0].spans[0].attributes.map((a) => a.key);
  assert.deepEqual(kept, ['gen_ai.request.model', 'gen_ai.usage.input_tokens', 'gen_ai.tool.name']);
});

test('span events: GenAI message events keep only their scalar fields; exception and first-chunk events are not content', () => {
  const request = oneSpan(
    [kv('gen_ai.request.model', 'gpt-4o')],
    [
      { name: 'gen_ai.system.message', attributes: [kv('gen_ai.system', 'openai'), kv('content', 'SECRET system')] },
      { name: 'gen_ai.user.message', attributes: [kv('content', 'SECRET user'), kv('role', 'user')] },
      { name: 'gen_ai.assistant.message', attributes: [kv('tool_calls', '[{"function":{"arguments":"SECRET args"}}]')] },
      { name: 'gen_ai.tool.message', attributes: [kv('content', 'SECRET result'), kv('id', 'call_SECRET')] },
      { name: 'gen_ai.choice', attributes: [kv('index', 0), kv('finish_reason', 'stop'), kv('message', '{"content":"SECRET answer"}')] },
      { name: 'gen_ai.content.prompt', attributes: [kv('gen_ai.prompt', 'SECRET prompt')] },
      { name: 'gen_ai.content.completion', attributes: [kv('gen_ai.completion', 'SECRET completion')] },
      { name: 'gen_ai.client.inference.operation.details', attributes: [kv('gen_ai.input.messages', 'SECRET in'), kv('gen_ai.output.messages', 'SECRET out'), kv('gen_ai.operation.name', 'chat')] },
      { name: 'exception', attributes: [kv('exception.type', 'TypeError'), kv('exception.message', 'fetch failed')] },
      { name: 'gen_ai.content.first_chunk', attributes: [] },
    ],
  );
  const stripped = stripContent(request).resourceSpans[0].scopeSpans[0].spans[0];
  assert.ok(!JSON.stringify(stripped).includes('SECRET'));
  assert.deepEqual(
    stripped.events.map((e) => [e.name, e.attributes.map((a) => a.key)]),
    [
      ['gen_ai.system.message', ['gen_ai.system']],
      ['gen_ai.user.message', ['role']],
      ['gen_ai.assistant.message', []],
      ['gen_ai.tool.message', []],
      ['gen_ai.choice', ['index', 'finish_reason']],
      ['gen_ai.content.prompt', []],
      ['gen_ai.content.completion', []],
      ['gen_ai.client.inference.operation.details', ['gen_ai.operation.name']],
      ['exception', ['exception.type', 'exception.message']],
      ['gen_ai.content.first_chunk', []],
    ],
  );
});

test('stripLogsContent: GenAI event records lose body and content attributes, other log lines stay, the input is untouched', () => {
  const body = (values: Record<string, OtlpAnyValue>): OtlpAnyValue => ({ kvlistValue: { values: Object.entries(values).map(([key, value]) => ({ key, value })) } });
  type Rec = { eventName?: string; body?: OtlpAnyValue; attributes: OtlpKeyValue[]; timeUnixNano: string; traceId: string };
  const records: Rec[] = [
    // OTLP 1.5+: the event name on the record, as @opentelemetry/instrumentation-openai sends its message events.
    { eventName: 'gen_ai.user.message', body: body({ content: { stringValue: 'SECRET question' } }), attributes: [kv('gen_ai.system', 'openai')], timeUnixNano: '1', traceId: 'ab' },
    {
      eventName: 'gen_ai.choice',
      body: body({ index: { intValue: '0' }, finish_reason: { stringValue: 'stop' }, message: body({ content: { stringValue: 'SECRET answer' } }) }),
      attributes: [kv('gen_ai.system', 'openai')],
      timeUnixNano: '2',
      traceId: 'ab',
    },
    // Older senders: the name as the `event.name` attribute.
    { body: { stringValue: 'SECRET plain body' }, attributes: [kv('event.name', 'gen_ai.assistant.message')], timeUnixNano: '3', traceId: 'ab' },
    { eventName: 'gen_ai.client.inference.operation.details', attributes: [kv('gen_ai.input.messages', 'SECRET in'), kv('gen_ai.operation.name', 'chat')], timeUnixNano: '4', traceId: 'ab' },
    { body: { stringValue: 'server started on port 4318' }, attributes: [kv('gen_ai.prompt', 'SECRET in a plain log')], timeUnixNano: '5', traceId: '' },
  ];
  const request: ContentLogsRequest<Rec> & { resourceLogs: Array<{ resource: unknown; scopeLogs: Array<{ scope: unknown; logRecords: Rec[] }> }> } = {
    resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope: { name: '@opentelemetry/instrumentation-openai' }, logRecords: records }] }],
  };
  const before = JSON.stringify(request);
  const stripped = stripLogsContent(request);
  assert.equal(JSON.stringify(request), before);
  assert.ok(!JSON.stringify(stripped).includes('SECRET'));
  const out = stripped.resourceLogs[0].scopeLogs[0].logRecords;
  assert.equal(out[0].body, undefined);
  assert.deepEqual(out[0].attributes, [kv('gen_ai.system', 'openai')]);
  assert.deepEqual(out[1].body, body({ index: { intValue: '0' }, finish_reason: { stringValue: 'stop' } }));
  assert.equal(out[2].body, undefined);
  assert.deepEqual(out[2].attributes, [kv('event.name', 'gen_ai.assistant.message')]);
  assert.deepEqual(out[3].attributes, [kv('gen_ai.operation.name', 'chat')]);
  assert.deepEqual(out[4].body, { stringValue: 'server started on port 4318' });
  assert.deepEqual(out[4].attributes, []);
  assert.deepEqual(out.map((r) => [r.timeUnixNano, r.traceId]), records.map((r) => [r.timeUnixNano, r.traceId]));
  assert.deepEqual((stripped.resourceLogs[0] as { resource: unknown }).resource, { attributes: [] });
});
