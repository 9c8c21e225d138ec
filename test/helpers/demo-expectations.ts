/**
 * What the demo must leave in a viewer, read through the JSON API only: one named workflow trace per scenario,
 * real model names everywhere (the scenario travels in the `x-fake-scenario` header, never in the name), and the
 * rate-limited workflows counted as having errors. Shared by the in-process and the exact-command demo tests.
 */
import type { StoredSpan, TraceResponse, TraceSummary, TracesResponse } from '../../viewer/shared/api-types.js';
import { getJson } from './viewer-api.js';

/** A workflow trace as the tests see it: the summary from `/api/traces` and its spans. */
export interface DemoTrace {
  summary: TraceSummary;
  spans: StoredSpan[];
}

/**
 * The real model names the demo may show. Written out here rather than imported from the demo, so a keyword sneaking
 * back into a name (`gpt-4o-mini-tools-slow-15`) fails the test.
 */
export const REAL_DEMO_MODELS = new Set([
  'gpt-4o-mini',
  'gpt-4.1-mini',
  'gpt-4.1',
  'gpt-4o',
  'text-embedding-3-small',
  'claude-sonnet-4-6',
  'claude-haiku-4-5',
]);

/** Demo models the viewer's built-in price table (viewer/shared/model-prices.ts) does not know yet: no cost shown. */
const UNPRICED_MODELS = new Set(['claude-haiku-4-5']);

/**
 * Every demo trace the viewer holds (newest first), with spans.
 *
 * @example
 * const traces = await readDemoTraces('http://127.0.0.1:4318');
 */
export async function readDemoTraces(viewerUrl: string): Promise<DemoTrace[]> {
  const { traces } = await getJson<TracesResponse>(viewerUrl, '/api/traces');
  const demo = traces.filter((trace) => trace.serviceName === 'tracelight-demo');
  return Promise.all(
    demo.map(async (summary) => ({
      summary,
      spans: (await getJson<TraceResponse>(viewerUrl, `/api/traces/${summary.traceId}`)).spans,
    })),
  );
}

/** Our HTTP-level LLM spans (not the SDKs' own spans, which some SDK versions add). */
const llmSpans = (trace: DemoTrace, provider: string, operation = 'chat') =>
  trace.spans.filter(
    (s) =>
      s.kind === 3 &&
      s.scope.name === 'tracelight' &&
      s.genAi !== null &&
      s.attributes['gen_ai.provider.name'] === provider &&
      s.attributes['gen_ai.operation.name'] === operation,
  );
/** Succeeded, echoed the real model it was asked for, reported usage and got a cost estimate. */
const ok = (model: string) => (s: StoredSpan) =>
  s.status.code !== 2 &&
  s.genAi?.requestModel === model &&
  s.genAi.responseModel === model &&
  typeof s.genAi.inputTokens === 'number' &&
  (UNPRICED_MODELS.has(model) || typeof s.genAi.costUsd === 'number');
const notStreamed = (model: string) => (s: StoredSpan) => ok(model)(s) && s.attributes['gen_ai.request.stream'] !== true;
const streamed = (model: string) => (s: StoredSpan) =>
  ok(model)(s) && s.attributes['gen_ai.request.stream'] === true && typeof s.genAi?.timeToFirstChunkMs === 'number';
const rateLimited = (model: string) => (s: StoredSpan) =>
  s.status.code === 2 && s.genAi?.requestModel === model && s.attributes['http.response.status_code'] === 429;

const single = (provider: string, operation: string, check: (s: StoredSpan) => boolean) => (t: DemoTrace) =>
  llmSpans(t, provider, operation).some(check);
/** An agent span with at least two LLM turns of `model` and a tool call under the workflow. */
const agent = (name: string, provider: string, model: string) => (t: DemoTrace) =>
  t.spans.some((s) => s.name === `invoke_agent ${name}`) &&
  llmSpans(t, provider).filter(ok(model)).length >= 2 &&
  t.spans.some((s) => s.attributes['gen_ai.operation.name'] === 'execute_tool');
/** A 429 on the large model, counted by the trace summary, then the fallback model's answer. */
const fallback = (provider: string, limited: string, fallbackModel: string) => (t: DemoTrace) =>
  t.summary.errorCount > 0 &&
  llmSpans(t, provider).some(rateLimited(limited)) &&
  llmSpans(t, provider).some(notStreamed(fallbackModel));

/**
 * One expectation per demo scenario: the workflow trace it runs as and what that trace must contain.
 *
 * @example
 * const unmet = demoScenarioChecks.filter((c) => !traces.some((t) => t.summary.name === c.trace && c.check(t)));
 */
export const demoScenarioChecks: ReadonlyArray<{ scenario: string; trace: string; check: (t: DemoTrace) => boolean }> = [
  { scenario: 'openai chat', trace: 'answer-question.workflow', check: single('openai', 'chat', notStreamed('gpt-4o-mini')) },
  { scenario: 'openai stream', trace: 'write-haiku.workflow', check: single('openai', 'chat', streamed('gpt-4.1-mini')) },
  { scenario: 'openai agent with tools', trace: 'plan-trip.workflow', check: agent('travel-agent', 'openai', 'gpt-4.1') },
  {
    scenario: 'openai embeddings',
    trace: 'index-docs.workflow',
    check: single('openai', 'embeddings', ok('text-embedding-3-small')),
  },
  { scenario: 'openai 429', trace: 'summarize-report.workflow', check: fallback('openai', 'gpt-4o', 'gpt-4o-mini') },
  {
    scenario: 'anthropic chat',
    trace: 'support-reply.workflow',
    check: single('anthropic', 'chat', notStreamed('claude-sonnet-4-6')),
  },
  {
    scenario: 'anthropic stream',
    trace: 'draft-release-notes.workflow',
    check: single('anthropic', 'chat', streamed('claude-sonnet-4-6')),
  },
  {
    scenario: 'anthropic agent with tools',
    trace: 'weekend-advice.workflow',
    check: agent('research-agent', 'anthropic', 'claude-sonnet-4-6'),
  },
  {
    scenario: 'anthropic 429',
    trace: 'translate-doc.workflow',
    check: fallback('anthropic', 'claude-sonnet-4-6', 'claude-haiku-4-5'),
  },
];

/**
 * The scenarios not (yet) found, and every problem with model names: a name outside {@link REAL_DEMO_MODELS} in a
 * trace summary or a span, or a reply that echoed another model than the one requested.
 *
 * @example
 * const { missing, badModels } = findDemoProblems(await readDemoTraces(viewerUrl));
 */
export function findDemoProblems(traces: DemoTrace[]): { missing: string[]; badModels: string[] } {
  const missing = demoScenarioChecks
    .filter((c) => !traces.some((t) => t.summary.name === c.trace && c.check(t)))
    .map((c) => c.scenario);
  const badModels = new Set<string>();
  for (const trace of traces) {
    for (const model of trace.summary.models) if (!REAL_DEMO_MODELS.has(model)) badModels.add(`${trace.summary.name}: ${model}`);
    for (const span of trace.spans) {
      const { requestModel, responseModel } = span.genAi ?? {};
      for (const model of [requestModel, responseModel]) {
        if (model && !REAL_DEMO_MODELS.has(model)) badModels.add(`${span.name}: ${model}`);
      }
      if (requestModel && responseModel && requestModel !== responseModel) {
        badModels.add(`${span.name}: asked ${requestModel}, got ${responseModel}`);
      }
    }
  }
  return { missing, badModels: [...badModels] };
}
