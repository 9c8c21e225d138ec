/**
 * The forwarding example: a viewer started with `TRACELIGHT_FORWARD` keeps every span locally and fans a copy out
 * to two upstreams, each with its own queue, retries and status: a local OTLP receiver standing in for the team's
 * collector (or Traceloop itself when `TRACELOOP_API_KEY` is set), which gets no prompts, and an "archive" receiver
 * that keeps them. The example then takes the collector down and brings it back, to show what the viewer reports
 * meanwhile, that the archive is not held back, and that nothing is lost.
 */
import OpenAI from 'openai';
import { flush, init, tracedFetch, withWorkflow } from 'tracelight';
import type { HealthResponse, StoredSpan, TraceResponse, TracesResponse } from '../../viewer/shared/api-types.js';
import { createViewerServer, type ViewerServer } from '../../viewer/server/create-viewer-server.js';
import { resolveOpenAITarget } from '../shared/resolve-openai-target.js';

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
  /** Spans the archive receiver holds at that moment. */
  archiveSpans: StoredSpan[];
}

/** What the example observed; the viewer and the collector keep running until `close()`. */
export interface ForwardingResult {
  viewerUrl: string;
  /** The stand-in collector's UI/API URL (null when forwarding to Traceloop). */
  collectorUrl: string | null;
  /** The archive receiver's UI/API URL. */
  archiveUrl: string;
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
  const archive = await createViewerServer({ port: 0, forward: null });
  const forwardEnv = {
    // Two targets, each with its own queue, retries and status; `name=URL` names a target for its own variables.
    TRACELIGHT_FORWARD: `${collector ? `collector=${collector.otlpUrl}` : 'traceloop'},archive=${archive.otlpUrl}`,
    TRACELIGHT_FORWARD_CONTENT: options.forwardContent ? 'true' : 'false',
    TRACELIGHT_FORWARD_CONTENT_ARCHIVE: 'true', // the archive is ours: it keeps the prompts
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
    const step = { name, health, localTraces: traces.length, collectorSpans, archiveSpans: await allSpans(archive.url) };
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
    await archive.close();
    await llm.close();
  };
  try {
    await sendTraffic('upstream-up');
    await flush();
    // Every target has sent every span.
    const allSent = (h: HealthResponse) => h.forwarding.targets.every((t) => t.sent >= h.spans && t.queued === 0);
    await record('forwarding', await waitForHealth(viewer, (h) => h.spans >= 2 && allSent(h)));

    if (collector) {
      const collectorPort = collector.port;
      await collector.close();
      collector = null;
      await sendTraffic('upstream-down');
      await flush();
      // The forwarder keeps the batch queued and retries with backoff (for up to TRACELIGHT_FORWARD_MAX_ELAPSED,
      // 5 minutes by default, per batch); the archive gets the new spans meanwhile; the local view is complete.
      const target = (h: HealthResponse, name: string) => h.forwarding.targets.find((t) => t.name === name)!;
      const down = await waitForHealth(
        viewer,
        (h) => h.spans >= 4 && target(h, 'collector').state === 'retrying' && target(h, 'archive').sent >= 4,
      );
      await record('upstream down', down);

      collector = await createViewerServer({ port: collectorPort, forward: null });
      const back = await waitForHealth(viewer, (h) => allSent(h) && h.forwarding.lastError === null);
      await record('upstream back', back);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    viewerUrl: viewer.url,
    collectorUrl: collector?.url ?? null,
    archiveUrl: archive.url,
    upstream: toTraceloop ? 'traceloop' : 'local collector',
    steps,
    close,
  };
}
