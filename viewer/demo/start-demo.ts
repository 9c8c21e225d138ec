/**
 * `npx tracelight --demo`: a local fake LLM provider plus a small app that keeps sending realistic traffic
 * through the library to the viewer, so a new user sees live traces with no API key and no network.
 */
import Anthropic from '@anthropic-ai/sdk';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import OpenAI from 'openai';
import { createFakeProvider } from '../fake-provider/create-fake-provider.js';
import { toTracesUrl } from '../shared/to-traces-url.js';
import { init, shutdown, tracedFetch } from '../../lib/node.js';
import { demoAnswer } from './demo-prompts.js';
import { demoScenarios, runDemoRound } from './demo-round.js';

/** Options of {@link startDemo}. */
export interface StartDemoOptions {
  /** Where the viewer receives OTLP: its origin (`http://127.0.0.1:4318`) or the full `/v1/traces` URL. */
  otlpEndpoint: string;
  /** Pause between two rounds of traffic. Default 4000 ms. */
  intervalMs?: number;
  /** Where the demo prints what it does. Default `console.log`. */
  log?: (message: string) => void;
}

/** A running demo. */
export interface RunningDemo {
  /** The fake provider's origin, e.g. `http://127.0.0.1:53122`. */
  providerUrl: string;
  /** Stops the traffic, exports what is pending, stops the fake provider. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts the fake provider and the demo app; the first round of traffic starts at once, then one round every
 * `intervalMs` until `close()`.
 *
 * @example
 * const demo = await startDemo({ otlpEndpoint: 'http://127.0.0.1:4318' });
 * // ... later
 * await demo.close();
 */
export async function startDemo(options: StartDemoOptions): Promise<RunningDemo> {
  const log = options.log ?? ((message: string) => console.log(message));
  const intervalMs = options.intervalMs ?? 4000;
  const tracesUrl = toTracesUrl(options.otlpEndpoint);
  // Canned answers make every reply fit its prompt (the recorded fixtures answer everything with one greeting).
  const provider = await createFakeProvider({ port: 0, answers: demoAnswer });

  // patchFetch stays off: the demo runs inside the viewer's process, whose own fetches (forwarding) must not
  // be traced. The SDK clients get `tracedFetch` in their constructors instead.
  // The exporter is given explicitly so the demo's spans reach this viewer even when the shell has
  // OTEL_EXPORTER_OTLP_* or TRACELOOP_* set (those would otherwise take precedence over `endpoint`).
  init({
    serviceName: 'tracelight-demo',
    exportMode: 'batch',
    patchFetch: false,
    exporter: new OTLPTraceExporter({ url: tracesUrl }),
  });
  const clients = {
    openai: new OpenAI({ apiKey: 'demo-key', baseURL: `${provider.url}/v1`, fetch: tracedFetch, maxRetries: 0 }),
    anthropic: new Anthropic({ apiKey: 'demo-key', baseURL: provider.url, fetch: tracedFetch, maxRetries: 0 }),
  };

  let stopped = false;
  let round = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<unknown> = Promise.resolve();

  const loop = () => {
    if (stopped) return;
    current = runDemoRound(clients, round++, log, () => stopped).then(() => {
      if (stopped) return;
      timer = setTimeout(loop, intervalMs);
      // The viewer's server keeps the process alive; the demo timer must not keep it from exiting.
      timer.unref?.();
    });
  };

  log(
    `  Demo app: chat, streaming, tool-using agents, embeddings and a 429 through the openai and @anthropic-ai/sdk\n` +
      `            clients, as ${demoScenarios.length} workflows (${demoScenarios.map((s) => s.workflow).join(', ')}),\n` +
      `            one round, then a ${Math.round(intervalMs / 1000)} s pause; exporting to ${tracesUrl}\n` +
      `  Fake LLM provider: ${provider.url} (OpenAI and Anthropic APIs, offline, no key; ` +
      `scenarios picked per request by the x-fake-scenario header)`,
  );
  loop();

  let closing: Promise<void> | undefined;
  return {
    providerUrl: provider.url,
    close() {
      closing ??= (async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        await current.catch(() => undefined);
        await shutdown();
        await provider.close();
      })();
      return closing;
    },
  };
}
