import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createForwarder, type Forwarder, type ForwarderOptions, type ForwarderStatus } from '../../lib/forward/create-forwarder.js';
import { resolveForwardConfig, type ForwardConfig, type ForwardEnv } from '../../lib/forward/forward-config.js';
import type { OtlpTraceRequest } from '../../lib/forward/otlp-types.js';
import type { StoredSpan } from '../shared/api-types.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from '../shared/model-prices.js';

import { handleApi } from './api-routes.js';
import { createLiveHub } from './live-hub.js';
import type { LiveFrameLimits } from './live-frames.js';
import { handleOtlp } from './otlp-receiver.js';
import { createPersistence, type Persistence } from './persist-file.js';
import { readPackageVersion } from './read-package-version.js';
import { guardRequest, sendPlain } from './request-guard.js';
import { createSpanStore, type SpanStore } from './span-store.js';
import { createBodyPool } from './body-pool.js';
import { defaultUiDir, serveStatic } from './static-files.js';
import { safeNormalize, toStoredSpans } from './to-stored-spans.js';

/** Where the server writes its few lines (never prompts, never keys). */
export interface ViewerLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Options of `createViewerServer`. */
export interface ViewerServerOptions {
  /** Port to listen on; 0 picks a free one (tests). Default 4318. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Extra Host names accepted besides loopback names (`*` = any), for `--host` binds. */
  allowedHosts?: string[];
  /** Byte budget of the span store. Default 256 MiB. */
  maxMemoryBytes?: number;
  /** The whole process's budget (`--max-memory`), reported by `/api/health`; the CLI derives the store's from it. */
  processMemoryBudget?: number;
  /** Largest accepted request body after decompression. Default 32 MiB. */
  maxBodyBytes?: number;
  /** Save spans here and reload them on start. */
  persistFile?: string;
  /** Forwarding: a config, null for off, or undefined to read it from `env`. */
  forward?: ForwardConfig | null;
  /** Environment for the forwarding config. Default `process.env`. */
  env?: ForwardEnv;
  forwarderOptions?: ForwarderOptions;
  /** Price table for cost estimates. Default: the built-in table. */
  prices?: PriceTable;
  /** Directory of the built UI. Default: `dist/ui` next to the build, or the repo's. */
  uiDir?: string;
  logger?: ViewerLogger;
  /** Coalescing window of live span batches. Default 50 ms. */
  liveBatchMs?: number;
  /** Caps of one live `spans` message (bigger batches are split). Default 500 items, 1 MiB. */
  liveFrameLimits?: Partial<LiveFrameLimits>;
}

/** A running viewer server. */
export interface ViewerServer {
  /** The UI's URL, e.g. `http://127.0.0.1:4318/`. */
  url: string;
  /** The OTLP/HTTP traces endpoint. */
  otlpUrl: string;
  port: number;
  store: SpanStore;
  forwarder: Forwarder | null;
  /** Stops listening, closes sockets, flushes the persist file and the forwarder. */
  close(): Promise<void>;
}

const silentLogger: ViewerLogger = { info() {}, warn() {}, error() {} };
const OFF: ForwarderStatus = { target: null, sent: 0, failed: 0, queued: 0, dropped: 0, lastError: null };

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the viewer: OTLP/HTTP receiver, bounded span store, JSON API, live socket, static UI, optional forwarder
 * (DESIGN convention 9: a factory, testable in-process, no import-time state). Rejects with `EADDRINUSE` when the
 * port is taken.
 * @example
 * const viewer = await createViewerServer({ port: 0 });
 * console.log(viewer.otlpUrl); // http://127.0.0.1:54321/v1/traces
 * await viewer.close();
 */
export async function createViewerServer(options: ViewerServerOptions = {}): Promise<ViewerServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const prices = options.prices ?? DEFAULT_MODEL_PRICES;
  const uiDir = options.uiDir ?? defaultUiDir();
  const version = readPackageVersion();
  const allowedHosts = [...(options.allowedHosts ?? [])];
  // A bind to one specific address implies its name is expected in Host; wildcard binds do not.
  if (host !== '0.0.0.0' && host !== '::' && host !== '127.0.0.1' && host !== 'localhost') allowedHosts.push(hostForUrl(host));

  const bodyPool = createBodyPool();
  const store = createSpanStore({ maxBytes: options.maxMemoryBytes ?? 256 * 1024 * 1024, prices });
  const forwardConfig = options.forward !== undefined ? options.forward : resolveForwardConfig(options.env ?? process.env);
  let hub: ReturnType<typeof createLiveHub> | undefined;
  const forwarder = forwardConfig
    ? createForwarder(forwardConfig, {
        ...options.forwarderOptions,
        onStatus: (status) => {
          options.forwarderOptions?.onStatus?.(status);
          hub?.forwardingChanged();
        },
      })
    : null;
  const forwarding = (): ForwarderStatus => forwarder?.status() ?? OFF;
  hub = createLiveHub({ store, version, allowedHosts, forwarding, batchMs: options.liveBatchMs, frameLimits: options.liveFrameLimits });

  let persistence: Persistence | null = null;
  if (options.persistFile) {
    persistence = createPersistence(store, options.persistFile, {
      onError: (error) => logger.error(`could not save ${options.persistFile}: ${error.message}`),
    });
    const prepare = (span: StoredSpan): StoredSpan => ({ ...span, genAi: safeNormalize(span, prices) });
    try {
      const loaded = await persistence.load(prepare);
      if (loaded) logger.info(`loaded ${loaded} spans from ${options.persistFile}`);
    } catch (error) {
      await hub.close();
      await forwarder?.close(0);
      throw error;
    }
  }

  function ingest(request: OtlpTraceRequest, forward: boolean): StoredSpan[] {
    const spans = toStoredSpans(request, prices);
    store.add(spans);
    // Local first; the forwarder only queues (never awaits upstream), so an outage cannot slow ingest.
    if (forward && forwarder && spans.length) forwarder.enqueue(request);
    return spans;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (guardRequest(req, res, allowedHosts)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/v1/traces' || path === '/v1/metrics' || path === '/v1/logs') {
      const signal = path === '/v1/traces' ? 'traces' : path === '/v1/metrics' ? 'metrics' : 'logs';
      await handleOtlp(req, res, signal, { maxBodyBytes, bodyPool, accept: (request) => void ingest(request, true) });
      return;
    }
    if (path.startsWith('/api/')) {
      const handled = await handleApi(req, res, url, {
        store,
        forwarding,
        maxBodyBytes,
        processMemoryBudget: options.processMemoryBudget,
        env: options.env ?? process.env,
        importTraces: (request) => {
          const spans = ingest(request, false);
          return { spans: spans.length, traceIds: [...new Set(spans.map((s) => s.traceId))] };
        },
      });
      if (handled) return;
    }
    serveStatic(req, res, uiDir, path);
  }

  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    handle(req, res).catch((error: Error) => {
      logger.error(`internal error on ${req.method} ${req.url?.split('?')[0]}: ${error.message}`);
      if (!res.headersSent) sendPlain(res, 500, 'Internal error\n');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/api/live') hub!.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4318, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await hub.close();
    await persistence?.close();
    await forwarder?.close(0);
    throw error;
  }
  server.on('error', (error) => logger.error(`server error: ${error.message}`));

  const port = (server.address() as AddressInfo).port;
  const base = `http://${hostForUrl(host)}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${base}/`,
    otlpUrl: `${base}/v1/traces`,
    port,
    store,
    forwarder,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await hub!.close();
        server.closeAllConnections();
        await closed;
        await persistence?.close();
        await forwarder?.close();
      })();
      return closing;
    },
  };
}
