import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createForwarder, type Forwarder, type ForwarderOptions } from '../../lib/forward/create-forwarder.js';
import { forwardingOff, type ForwardingStatus } from '../../lib/forward/forward-status.js';
import { resolveForwardConfig, toForwardConfig, type ForwardConfig, type ForwardEnv, type ForwardTargetInit } from '../../lib/forward/forward-config.js';
import { decodeTraceRequestProtobuf } from '../../lib/forward/decode-otlp-protobuf.js';
import { createJsonConverter } from './convert-otlp-json.js';
import { filterValidSpans } from '../../lib/forward/validate-otlp-spans.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from '../shared/model-prices.js';

import { handleApi } from './api-routes.js';
import { startGrpcReceiver, type GrpcReceiver } from './grpc-receiver.js';
import { createForwardingLog } from './forwarding-log.js';
import { openWatermarkFile } from './forward-watermarks.js';
import { handleMcpRequest, MCP_PATH } from './mcp/handle-mcp-request.js';
import { handleQueryApi, QUERY_PATH } from './query/query-routes.js';
import { createLiveHub } from './live-hub.js';
import type { LiveFrameLimits } from './live-frames.js';
import { handleOtlp, sendOtlpAnswer } from './otlp-receiver.js';
import { openPersistLog } from './persist-log.js';
import { readPackageVersion } from './read-package-version.js';
import { guardRequest, sendPlain } from './request-guard.js';
import { otlpEncodingOf } from '../../lib/forward/decode-trace-body.js';
import { OtlpOverloadedError, type AcceptOtlp } from '../../lib/receive/otlp-accept.js';
import { otlpRefusal } from '../../lib/receive/receive-otlp.js';
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
  /**
   * Port of the OTLP/gRPC receiver; 0 picks a free one, null turns it off. Default 4317 when `port` is left at 4318,
   * else a free port: a server started on a port of its choosing (tests, examples) never clashes on 4317.
   */
  grpcPort?: number | null;
  /**
   * When the gRPC port cannot be bound (taken, not allowed), warn and run without gRPC instead of failing, as the CLI
   * does for its default port (a second viewer on another `--port` still starts). Default: true when `grpcPort` is
   * not given, else false.
   */
  grpcOptional?: boolean;
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
  /** Forwarding: a config (or a single target `{ url, headers, stripContent }`), null for off, or undefined to read it from `env`. */
  forward?: ForwardConfig | ForwardTargetInit | null;
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
  /** The OTLP/gRPC endpoint (`http://127.0.0.1:4317`), null when gRPC is off. */
  grpcUrl: string | null;
  store: SpanStore;
  forwarder: Forwarder | null;
  /** Stops listening (HTTP and gRPC), closes sockets, flushes the persist file and the forwarder. */
  close(): Promise<void>;
}

const silentLogger: ViewerLogger = { info() {}, warn() {}, error() {} };

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the viewer: OTLP/HTTP receiver, bounded span store, JSON API, live socket, static UI, optional forwarder
 * (docs/architecture.md#conventions, 9: a factory, testable in-process, no import-time state). Rejects with `EADDRINUSE` when the
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
  const forwardingLog = createForwardingLog(logger);
  // With --persist, forwarding survives a restart: each target's delivery watermark (a record sequence number) is
  // saved as it moves, and on start the stored spans after it are queued again.
  const watermarks = forwardConfig && options.persistFile ? openWatermarkFile(`${options.persistFile}.forward.json`, (m) => logger.warn(m)) : null;
  const delivered = watermarks?.read(toForwardConfig(forwardConfig!).targets.map((t) => t.name), store.journal.nextSeq - 1);
  const forwarder = forwardConfig
    ? createForwarder(forwardConfig, {
        ...options.forwarderOptions,
        ...(watermarks ? { delivered, onDelivered: (_mark: number, byTarget: Record<string, number>) => watermarks.save(byTarget) } : {}),
        onStatus: (status) => {
          options.forwarderOptions?.onStatus?.(status);
          forwardingLog(status);
          hub?.forwardingChanged();
        },
      })
    : null;
  if (forwarder && delivered) {
    const from = Math.min(...Object.values(delivered));
    let resent = 0;
    for (const chunk of store.journal.spanRequestsAfter(from)) {
      forwarder.enqueue(chunk.request, chunk.spans, chunk.lastSeq);
      resent += chunk.spans;
    }
    if (resent) logger.info(`forwarding ${resent} stored spans an upstream had not acknowledged before the restart`);
  }
  const forwarding = (): ForwardingStatus => forwarder?.status() ?? forwardingOff();
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
    if (forwarder && result.lastSeq && !(signal === 'traces' && forward)) forwarder.skip(result.lastSeq); // nothing to send for it
    if (signal === 'traces' && forward && forwarder && result.accepted) {
      // The bytes as received when every span was taken (no decode, no re-encode); else only the valid spans.
      const upstream = result.rejected ? filterValidSpans(decodeTraceRequestProtobuf(request)).request : request;
      forwarder.enqueue(upstream, result.rejected ? undefined : result.accepted + result.resent, result.lastSeq);
    }
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

  // What the OTLP front doors (HTTP and gRPC) hand over, as protobuf export requests: traces and logs go to the
  // store (which joins GenAI log events to their spans), metrics are accepted and dropped so apps that export every
  // signal log no errors.
  const acceptOtlp: AcceptOtlp = (signal, request) => (signal === 'metrics' ? { rejected: 0 } : answerOf(accept(signal, request, true)));

  // gRPC hands over whole messages (grpc-js read them within the same cap): they count against the same in-flight
  // bound, and past it the sender gets UNAVAILABLE with RetryInfo, as HTTP senders get 503 with Retry-After.
  const acceptGrpc: AcceptOtlp = (signal, request) => {
    if (inFlight > 0 && inFlight + request.length > maxInFlight) {
      shed++;
      throw new OtlpOverloadedError('the viewer is busy; retry later', 1);
    }
    inFlight += request.length;
    try {
      return acceptOtlp(signal, request);
    } finally {
      inFlight -= request.length;
    }
  };

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
        const encoding = otlpEncodingOf(req.headers['content-type']) ?? 'json';
        sendOtlpAnswer(req, res, otlpRefusal('unavailable', signal, encoding, 'the viewer is busy; retry later', 1));
        return;
      }
      try {
        await handleOtlp(req, res, signal, {
          maxBodyBytes,
          bodyPool,
          convertJson: jsonConverter.convert,
          accept: acceptOtlp,
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
        env: options.env ?? process.env,
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
  const grpcPort = options.grpcPort !== undefined ? options.grpcPort : (options.port ?? 4318) === 4318 ? 4317 : 0;
  const grpcOptional = options.grpcOptional ?? options.grpcPort === undefined;
  let grpcReceiver: GrpcReceiver | null = null;
  if (grpcPort !== null) {
    try {
      grpcReceiver = await startGrpcReceiver({
        host,
        port: grpcPort,
        maxBodyBytes,
        allowedHosts,
        accept: acceptGrpc,
        onError: (error) => logger.error(`internal error on an OTLP/gRPC export: ${error.message}`),
      });
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (grpcOptional && (e.code === 'EADDRINUSE' || e.code === 'EACCES')) {
        logger.warn(`OTLP/gRPC is off: port ${grpcPort} on ${host} is ${e.code === 'EADDRINUSE' ? 'in use' : 'not allowed'} (--grpc-port picks another)`);
      } else {
        server.close();
        server.closeAllConnections();
        await hub.close();
        await persistence?.close();
        await forwarder?.close(0);
        await jsonConverter.close();
        Object.assign(e, { port: grpcPort, protocol: 'grpc' });
        throw e;
      }
    }
  }
  const base = `http://${hostForUrl(host)}:${port}`;
  let closing: Promise<void> | null = null;
  return {
    url: `${base}/`,
    otlpUrl: `${base}/v1/traces`,
    port,
    grpcUrl: grpcReceiver?.url ?? null,
    store,
    forwarder,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        const grpcClosed = grpcReceiver?.close();
        await hub!.close();
        server.closeAllConnections();
        await closed;
        await grpcClosed;
        await persistence?.close();
        await forwarder?.close();
        watermarks?.flush();
        await jsonConverter.close();
      })();
      return closing;
    },
  };
}
