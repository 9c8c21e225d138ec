// Traces that do not fit a context window, sent to a viewer as OTLP JSON: a 2,000-span agent run and one LLM call
// with a 1 MB completion. Content is generated (seeded), with markers the tests look for at known places.
import { hexId, kv } from './otlp-fixtures.js';

/** The 1 MB completion: a start, filler, and a marker in its last line. */
export const BIG_COMPLETION_END = 'END-OF-THE-MEGABYTE-ANSWER-7c1f';
export const BIG_PROMPT = 'Write the full migration guide for every module, in detail.';

function filler(bytes: number): string {
  const line = 'The migration keeps every public name; callers change nothing but the import path of the module.\n';
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

export const bigCompletion = (): string => `Here is the guide.\n${filler(1024 * 1024)}${BIG_COMPLETION_END}\n`;

interface SpanSpec {
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startNs: bigint;
  durationMs: number;
  attributes: Record<string, string | number | boolean>;
  status?: { code: number; message?: string };
}

function request(traceId: string, spans: SpanSpec[], service: string) {
  return {
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': service }) },
        scopeSpans: [
          {
            scope: { name: 'agent-tools-test', version: '1.0.0' },
            spans: spans.map((s) => ({
              traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId,
              name: s.name,
              kind: s.kind,
              startTimeUnixNano: String(s.startNs),
              endTimeUnixNano: String(s.startNs + BigInt(Math.round(s.durationMs * 1e6))),
              attributes: kv(s.attributes),
              status: s.status ?? { code: 0 },
            })),
          },
        ],
      },
    ],
  };
}

const chat = (model: string, prompt: string, answer: string, finish = 'stop') => ({
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': model,
  'gen_ai.response.model': model,
  'gen_ai.usage.input_tokens': 120,
  'gen_ai.usage.output_tokens': 40,
  'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: prompt }] }]),
  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: finish }]),
});

/** What the 2,000-span trace holds, for assertions. */
export interface BigTrace {
  traceId: string;
  spanCount: number;
  /** Spans in error, with their status message. */
  errorSpans: Array<{ spanId: string; message: string }>;
  /** The prompt and answer of the last LLM call (the deepest in tree order). */
  lastPrompt: string;
  lastAnswer: string;
  body: unknown;
}

/**
 * A 2,000-span agent run: workflow > agent > 999 rounds of (LLM call, tool call), one span more at the end; every
 * 100th LLM call fails with a rate-limit status.
 */
export function twoThousandSpanTrace(): BigTrace {
  const traceId = hexId(16);
  const start = BigInt(Date.now() - 60_000) * 1_000_000n;
  const root = hexId(8);
  const agent = hexId(8);
  const spans: SpanSpec[] = [
    { spanId: root, parentSpanId: '', name: 'bulk-import.workflow', kind: 1, startNs: start, durationMs: 50_000, attributes: { 'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'bulk-import' } },
    { spanId: agent, parentSpanId: root, name: 'invoke_agent importer', kind: 1, startNs: start + 1000n, durationMs: 49_000, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'importer' } },
  ];
  const errorSpans: BigTrace['errorSpans'] = [];
  let lastPrompt = '';
  let lastAnswer = '';
  for (let i = 0; spans.length < 2000; i++) {
    const at = start + BigInt(i) * 40_000_000n + 2_000_000n;
    const llm = hexId(8);
    lastPrompt = `Import record ${i}: normalize the address of customer ${i * 7}.`;
    lastAnswer = `Record ${i} normalized: 12 Rue de Rivoli, 75001 Paris (customer ${i * 7}).`;
    const failed = i % 100 === 99;
    const status = failed ? { code: 2, message: `429 rate limit reached for gpt-4o-mini on record ${i}` } : undefined;
    if (failed) errorSpans.push({ spanId: llm, message: status!.message });
    spans.push({ spanId: llm, parentSpanId: agent, name: 'chat gpt-4o-mini', kind: 3, startNs: at, durationMs: 25, attributes: chat('gpt-4o-mini', lastPrompt, lastAnswer), status });
    if (spans.length < 2000) {
      spans.push({
        spanId: hexId(8),
        parentSpanId: agent,
        name: 'execute_tool save_record',
        kind: 1,
        startNs: at + 26_000_000n,
        durationMs: 10,
        attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'save_record', 'gen_ai.tool.call.arguments': JSON.stringify({ record: i }), 'gen_ai.tool.call.result': JSON.stringify({ saved: true, id: `rec-${i}` }) },
      });
    }
  }
  return { traceId, spanCount: spans.length, errorSpans, lastPrompt, lastAnswer, body: request(traceId, spans, 'bulk-importer') };
}

/** One LLM call whose completion is 1 MB (plus its workflow root). */
export function megabyteCompletionTrace(): { traceId: string; spanId: string; completion: string; body: unknown } {
  const traceId = hexId(16);
  const root = hexId(8);
  const llm = hexId(8);
  const start = BigInt(Date.now() - 30_000) * 1_000_000n;
  const completion = bigCompletion();
  const spans: SpanSpec[] = [
    { spanId: root, parentSpanId: '', name: 'write-guide.workflow', kind: 1, startNs: start, durationMs: 9000, attributes: { 'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'write-guide' } },
    { spanId: llm, parentSpanId: root, name: 'chat gpt-4.1', kind: 3, startNs: start + 1_000_000n, durationMs: 8900, attributes: { ...chat('gpt-4.1', BIG_PROMPT, completion, 'length'), 'gen_ai.request.max_tokens': 300000 } },
  ];
  return { traceId, spanId: llm, completion, body: request(traceId, spans, 'docs-writer') };
}
