/**
 * The forwarding example: a viewer started with `TRACELIGHT_FORWARD` keeps every span locally and forwards a
 * copy upstream. A second local OTLP receiver stands in for the collector (or Traceloop itself when
 * `TRACELOOP_API_KEY` is set). The example then takes the collector down and brings it back, to show what the
 * viewer reports meanwhile and that nothing is lost.
 */
import OpenAI from 'openai';
import { flush, init, tracedFetch, withWorkflow } from 'tracelight';
import type { HealthResponse, StoredSpan, TraceResponse, TracesResponse } from '../../viewer/shared/api-types';
import { createViewerServer, type ViewerServer } from '../../viewer/server/create-viewer-server';
import { resolveOpenAITarget } from '../shared/resolve-openai-target';

/** Options of {@link run}. */
export interface RunOptions {
  /** Port of the forwarding viewer; default 0 (a free port). */
  port?: number;
  /**
   * Environment: `TRACELOOP_API_KEY` forwards to Traceloop, `OPENAI_API_KEY` calls the real API.
   * Default `process.env`.
   */
  env?: Record<string, string | undefined>;
  /** Forward prompts and completions too (`TRACELIGHT_FORWARD_CONTENT`). Default false: content stays local. */
  forwardContent?: boolean;
  /** Called with each step's story and the viewer's `/api/health` at that point. */
  onStep?: (step: ForwardingStep) => void;
}

/** One observed moment of the story. */
export interface ForwardingStep {
  name: 'forwarding' | 'upstream down' | 'upstream back';
  health: HealthResponse;
  /** Traces the local viewer holds. */
  localTraces: number;
  /** Spans the stand-in collector holds at that moment (null when it is down or upstream is Traceloop). */
  collectorSpans: StoredSpan[] | null;
}

/** What the example observed; the viewer and the collector keep running until `close()`. */
export interface ForwardingResult {
  viewerUrl: string;
  /** The stand-in collector's UI/API URL (null when forwarding to Traceloop). */
  collectorUrl: string | null;
  upstream: 'local collector' | 'traceloop';
  steps: ForwardingStep[];
  close(): Promise<void>;
}

async function getJson<T>(base: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, base));
  return (await response.json()) as T;
}

async function allSpans(base: string): Promise<StoredSpan[]> {
  const { traces } = await getJson<TracesResponse>(base, '/api/traces');
  const details = await Promise.all(traces.map((t) => getJson<TraceResponse>(base, `/api/traces/${t.traceId}`)));
  return details.flatMap((d) => d.spans);
}

/** Polls the viewer's health until `done` holds (at most `timeoutMs`). */
async function waitForHealth(viewer: ViewerServer, done: (h: HealthResponse) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await getJson<HealthResponse>(viewer.url, '/api/health');
    if (done(health)) return health;
    if (Date.now() > deadline) {
      throw new Error(`forwarding did not reach the expected state: ${JSON.stringify(health.forwarding)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs the whole story; the viewer (and the collector) stay up for a look until `close()`.
 *
 * @example
 * const result = await run({ onStep: (s) => console.log(s.name, s.health.forwarding) });
 * await result.close();
 */
export async function run(options: RunOptions = {}): Promise<ForwardingResult> {
  const env = options.env ?? process.env;
  const toTraceloop = Boolean(env.TRACELOOP_API_KEY);
  let collector = toTraceloop ? null : await createViewerServer({ port: 0, forward: null });
  const forwardEnv = {
    TRACELIGHT_FORWARD: collector ? collector.otlpUrl : 'traceloop',
    TRACELIGHT_FORWARD_CONTENT: options.forwardContent ? 'true' : 'false',
    TRACELOOP_API_KEY: env.TRACELOOP_API_KEY,
    TRACELOOP_BASE_URL: env.TRACELOOP_BASE_URL,
  };
  // The same env-driven setup `TRACELIGHT_FORWARD=... npx tracelight` uses.
  const viewer = await createViewerServer({ port: options.port ?? 0, env: forwardEnv });
  const llm = await resolveOpenAITarget({ fakeModel: 'gpt-4o-mini', env });
  init({ serviceName: 'forwarding-example', endpoint: viewer.otlpUrl });
  const client = new OpenAI({ baseURL: llm.baseURL, apiKey: llm.apiKey, fetch: tracedFetch });

  const steps: ForwardingStep[] = [];
  const record = async (name: ForwardingStep['name'], health: HealthResponse) => {
    const { traces } = await getJson<TracesResponse>(viewer.url, '/api/traces');
    const collectorSpans = collector ? await allSpans(collector.url) : null;
    const step = { name, health, localTraces: traces.length, collectorSpans };
    steps.push(step);
    options.onStep?.(step);
  };
  const sendTraffic = (label: string) =>
    withWorkflow(label, () =>
      client.chat.completions.create({
        model: llm.model,
        messages: [{ role: 'user', content: `A question asked while the upstream is ${label}.` }],
      }),
    );

  const close = async () => {
    await flush();
    await viewer.close();
    await collector?.close();
    await llm.close();
  };
  try {
    await sendTraffic('upstream-up');
    await flush();
    await record('forwarding', await waitForHealth(viewer, (h) => h.spans >= 2 && h.forwarding.sent >= h.spans));

    if (collector) {
      const collectorPort = collector.port;
      await collector.close();
      collector = null;
      await sendTraffic('upstream-down');
      await flush();
      // The forwarder keeps the batch queued and retries with backoff; the local view is complete meanwhile.
      const down = await waitForHealth(
        viewer,
        (h) => h.spans >= 4 && h.forwarding.lastError !== null && h.forwarding.queued > 0,
      );
      await record('upstream down', down);

      collector = await createViewerServer({ port: collectorPort, forward: null });
      const back = await waitForHealth(
        viewer,
        (h) => h.forwarding.queued === 0 && h.forwarding.sent >= 4 && h.forwarding.lastError === null,
      );
      await record('upstream back', back);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    viewerUrl: viewer.url,
    collectorUrl: collector?.url ?? null,
    upstream: toTraceloop ? 'traceloop' : 'local collector',
    steps,
    close,
  };
}
