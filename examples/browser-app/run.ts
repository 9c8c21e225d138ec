/**
 * The browser example, wired up: builds the page with Vite, starts the backend (Node library) and a page
 * server on two origins, and picks the LLM (real keys for the backend when set, else the fake provider).
 */
import { fileURLToPath } from 'node:url';
import { init } from 'tracelight';
import { createRelay, resolveForwardConfig } from 'tracelight/relay';
import { createFakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';
import { resolveOpenAITarget } from '../shared/resolve-openai-target.js';
import { toTracesUrl } from '../../viewer/shared/to-traces-url.js';
import { buildPage } from './build-page.js';
import { createBackendServer, RELAY_PATH } from './server/create-backend-server.js';
import { createPageServer } from './server/create-page-server.js';

/** Options of {@link run}. */
export interface RunOptions {
  /** The viewer; default `http://127.0.0.1:4318`. The page exports there (the viewer allows localhost CORS). */
  otlpEndpoint?: string;
  /** Environment for choosing the LLM; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Where Vite builds the page; default `examples/browser-app/dist`. */
  outDir?: string;
  /**
   * Where the page sends its spans: `viewer` (straight to the local viewer, as in development) or `relay` (to a
   * `tracelight/relay` mounted on the backend, which forwards them: the production setup, where the collector's
   * credentials stay on the server). Default `viewer`.
   */
  exportVia?: 'viewer' | 'relay';
  /** Fixed ports for a stable URL when run by hand; default 0 (free ports). */
  pagePort?: number;
  backendPort?: number;
}

/** The running example. */
export interface RunningBrowserApp {
  pageUrl: string;
  backendUrl: string;
  usedFakeProvider: boolean;
  close(): Promise<void>;
}

/**
 * Starts everything; open `pageUrl` in a browser and click "Ask".
 *
 * @example
 * const app = await run({ otlpEndpoint: 'http://127.0.0.1:4318' });
 * console.log(`open ${app.pageUrl}`);
 */
export async function run(options: RunOptions = {}): Promise<RunningBrowserApp> {
  const env = options.env ?? process.env;
  const outDir = options.outDir ?? fileURLToPath(new URL('./dist', import.meta.url));
  const otlpEndpoint = toTracesUrl(options.otlpEndpoint ?? 'http://127.0.0.1:4318');
  await buildPage(outDir);

  const backendLlm = await resolveOpenAITarget({ fakeModel: 'gpt-4o-mini', env });
  // The page calls an LLM without a key: the fake provider, or a key-less host the user names. Real API keys
  // stay on the backend; never ship them to a browser.
  let pageLlm: { baseURL: string; model: string; close(): Promise<void> } = {
    baseURL: backendLlm.baseURL,
    model: backendLlm.model,
    close: async () => undefined,
  };
  if (!backendLlm.fake) {
    if (env.BROWSER_LLM_BASE_URL) {
      pageLlm = { baseURL: env.BROWSER_LLM_BASE_URL, model: env.BROWSER_LLM_MODEL ?? 'llama3.2', close: pageLlm.close };
    } else {
      const fake = await createFakeProvider({ port: 0 });
      pageLlm = { baseURL: `${fake.url}/v1`, model: 'gpt-4o-mini', close: () => fake.close() };
    }
  }

  init({ serviceName: 'browser-app-backend', endpoint: otlpEndpoint });
  let backendUrl = '';
  const page = await createPageServer({
    root: outDir,
    port: options.pagePort,
    config: () => ({
      otlpEndpoint: relay ? `${backendUrl}${RELAY_PATH}` : otlpEndpoint,
      backendOrigin: backendUrl,
      llmBaseUrl: pageLlm.baseURL,
      llmModel: pageLlm.model,
    }),
  });
  const pageOrigins = [page.url, page.url.replace('127.0.0.1', 'localhost')];
  // The relay forwards to the viewer here; in production, to TRACELIGHT_FORWARD (Traceloop, a collector ...).
  const relay =
    options.exportVia === 'relay'
      ? createRelay({
          allowedOrigins: pageOrigins,
          forward: resolveForwardConfig({ TRACELIGHT_FORWARD: otlpEndpoint })!,
        })
      : undefined;
  const backend = await createBackendServer({
    port: options.backendPort,
    allowedOrigins: pageOrigins,
    llm: backendLlm,
    relay,
  });
  backendUrl = backend.url;

  return {
    pageUrl: page.url,
    backendUrl,
    usedFakeProvider: backendLlm.fake,
    async close() {
      await Promise.all([page.close(), backend.close()]);
      await relay?.close();
      await Promise.all([backendLlm.close(), pageLlm.close()]);
    },
  };
}
