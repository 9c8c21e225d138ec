import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createForwarder, type Forwarder, type ForwarderOptions, type ForwarderStatus } from '../../lib/forward/create-forwarder.js';
import { resolveForwardConfig, type ForwardConfig, type ForwardEnv } from '../../lib/forward/forward-config.js';
import { decodeTraceRequestProtobuf } from '../../lib/forward/decode-otlp-protobuf.js';
import { createJsonConverter } from './convert-otlp-json.js';
import { filterValidSpans } from '../../lib/forward/validate-otlp-spans.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from '../shared/model-prices.js';

import { handleApi } from './api-routes.js';
import { handleMcpRequest, MCP_PATH } from './mcp/handle-mcp-request.js';
import { handleQueryApi, QUERY_PATH } from './query/query-routes.js';
import { createLiveHub } from './live-hub.js';
import type { LiveFrameLimits } from './live-frames.js';
import { handleOtlp } from './otlp-receiver.js';
import { openPersistLog } from './persist-log.js';
import { readPackageVersion } from './read-package-version.js';
import { guardRequest, sendPlain } from './request-guard.js';
import { refuseAfterDrain } from './read-body.js';
import { otlpStatusBody } from '../../lib/forward/otlp-answer-body.js';
import { otlpEncodingOf } from '../../lib/forward/decode-trace-body.js';

// google.rpc.Code UNAVAILABLE: the answer to an export the viewer cannot take now (the exporter retries it).
const UNAVAILABLE = 14;
import { createSpanStore, type IngestResult, type SpanStore } from './span-store.js';
import { createBodyPool } from './body-pool.js';
import { defaultUiDir, serveStatic } from './static-files.js';

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
  /**
   * Request bodies held at once (being read or ingested); past it, new exports are answered 503 with Retry-After
   * (exporters retry them) instead of the viewer growing. Default 64 MiB.
   */
  maxInFlightBytes?: number;
  /** Time a client gets to send its request headers, and its whole request. Defaults 10 s and 120 s. */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
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
  /** Share of wall time the live socket may spend on span bodies. Default 0.25. */
  liveCpuShare?: number;
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
  const jsonConverter = createJsonConverter();
  const store = createSpanStore({
    maxBytes: options.maxMemoryBytes ?? 256 * 1024 * 1024,
    prices,
    checksums: !!options.persistFile,
  });
  // Opened before anything else starts: a path that cannot be written fails now, not at the first span.
  const persistence = options.persistFile
    ? openPersistLog(store, options.persistFile, {
        onWarning: (message) => logger.warn(message),
        onError: (error) => logger.error(`${options.persistFile}: ${error.message}`),
      })
    : null;
  if (persistence) {
    const loaded = persistence.load();
    if (loaded.spans) logger.info(`loaded ${loaded.spans} spans from ${options.persistFile}`);
    if (loaded.damaged) logger.warn(`${loaded.damaged} damaged records in ${options.persistFile} were skipped; the rest was loaded`);
  }
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
  hub = createLiveHub({
    store,
    version,
    allowedHosts,
    forwarding,
    batchMs: options.liveBatchMs,
    frameLimits: options.liveFrameLimits,
    cpuShare: options.liveCpuShare,
  });

  /**
   * Stores a request (protobuf), makes it durable, then queues it upstream: local first, and the forwarder only
   * queues (never awaits upstream), so an outage cannot slow ingest.
   */
  function accept(signal: 'traces' | 'logs', request: Uint8Array, forward: boolean): IngestResult {
    const result = signal === 'traces' ? store.ingestTraces(request) : store.ingestLogs(request);
    persistence?.commit();
    if (signal === 'traces' && forward && forwarder && result.accepted) forwarder.enqueue(filterValidSpans(decodeTraceRequestProtobuf(request)).request);
    return result;
  }

  // Bodies being read or ingested: bounded, so a burst of big exports cannot grow the process past its budget.
  const maxInFlight = options.maxInFlightBytes ?? 64 * 1024 * 1024;
  let inFlight = 0;
  let shed = 0;
  /** Reserves room for a request's body (its declared size, or the cap when unknown); null when over the bound. */
  function admit(req: IncomingMessage): number | null {
    const declared = Number(req.headers['content-length']);
    const size = Number.isFinite(declared) && !req.headers['content-encoding'] ? Math.min(declared, maxBodyBytes) : maxBodyBytes;
    // One request is always let in, however big: otherwise a body near the cap could never be sent.
    if (inFlight > 0 && inFlight + size > maxInFlight) return null;
    inFlight += size;
    return size;
  }

  /** The answer's partial success: what was refused, and what is worth saying about what was kept. */
  function answerOf(result: IngestResult): { rejected: number; errorMessage?: string } {
    const notes = [...result.errors];
    if (result.resent) notes.push(`${result.resent} spans were already stored (sent again); kept once`);
    return { rejected: result.rejected, errorMessage: notes.length ? notes.join('; ') : undefined };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (guardRequest(req, res, allowedHosts)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/v1/traces' || path === '/v1/metrics' || path === '/v1/logs') {
      const signal = path === '/v1/traces' ? 'traces' : path === '/v1/metrics' ? 'metrics' : 'logs';
      const admitted = admit(req);
      if (admitted === null) {
        // Shed load before reading the body: an exporter retries a 503 after Retry-After (OTLP/HTTP spec).
        shed++;
        res.setHeader('Retry-After', '1');
        const answer = otlpStatusBody(otlpEncodingOf(req.headers['content-type']) ?? 'json', UNAVAILABLE, 'the viewer is busy; retry later');
        refuseAfterDrain(req, res, () => {
          res.statusCode = 503;
          res.setHeader('Content-Type', answer.contentType);
          res.end(answer.body);
        });
        return;
      }
      try {
        await handleOtlp(req, res, signal, {
          maxBodyBytes,
          bodyPool,
          convertJson: jsonConverter.convert,
          accept: (kind, request) => answerOf(accept(kind, request, true)),
        });
      } finally {
        inFlight -= admitted;
      }
      return;
    }
    // The agent tools: MCP and the query API it shares with the CLI (read-only, behind the same Host/Origin checks).
    if (path === MCP_PATH) return handleMcpRequest(req, res, store, version);
    if (path === '/api/query' || path.startsWith(QUERY_PATH)) return handleQueryApi(req, res, url, store);
    if (path.startsWith('/api/')) {
      const handled = await handleApi(req, res, url, {
        store,
        forwarding,
        maxBodyBytes,
        processMemoryBudget: options.processMemoryBudget,
        persistStatus: () => persistence?.status() ?? null,
        shedRequests: () => shed,
        importTraces: async (body) => {
          const converted = await jsonConverter.convert('traces', body);
          const result = accept('traces', converted.request, false);
          return { spans: result.accepted, traceIds: result.traceIds, rejectedSpans: converted.rejected + result.rejected };
        },
      });
      if (handled) return;
    }
    serveStatic(req, res, uiDir, path);
  }

  const server = createServer({
    keepAliveTimeout: 65_000,
    // Slow or stalled clients are closed (408) instead of holding a connection forever; checked every second.
    headersTimeout: options.headersTimeoutMs ?? 10_000,
    requestTimeout: options.requestTimeoutMs ?? 120_000,
    connectionsCheckingInterval: 1000,
  }, (req, res) => {
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
        await jsonConverter.close();
      })();
      return closing;
    },
  };
}
