/**
 * `npx tracelight`: the local viewer's command line. Arguments are parsed with Node's built-in `util.parseArgs`
 * (no dependency, typed, strict about unknown flags).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { logVerbosity, setLogVerbosity } from '@grpc/grpc-js';
import { ForwardConfigError, resolveForwardConfig, type ForwardConfig } from '../../lib/forward/forward-config.js';
import { createPriceTable } from '../shared/model-prices.js';
import { createViewerServer, type ViewerLogger } from './create-viewer-server.js';
import { COMMANDS_HELP, runSubcommand } from './commands/run-subcommand.js';
import { parseByteSize } from '../../lib/options/parse-byte-size.js';
import { readPackageVersion } from './read-package-version.js';
import { storeBudget } from './store-budget.js';

const DEFAULT_MAX_MEMORY = 256 * 1024 * 1024;

const HELP = `Usage: tracelight [options]

A local OTLP receiver (HTTP and gRPC; traces and logs) with a live waterfall of your LLM calls.

Options:
  --port <n>          port to listen on (default 4318, the OTLP/HTTP default)
  --grpc-port <n>     port of the OTLP/gRPC receiver (default 4317, the OTLP/gRPC default; 0 turns it off;
                      when the default is taken, the viewer starts without gRPC and says so)
  --host <addr>       interface to bind (default 127.0.0.1; anything else exposes your prompts)
  --allow-host <name> also accept this Host header (repeatable; for --host binds)
  --open              open the UI in a browser
  --max-memory <size> memory budget of the whole process, e.g. 256mb, 1gb (default 256mb); the span store
                      gets what the process does not need itself and evicts oldest traces to stay within it
  --persist <file>    save spans to this file and reload them on start
  --prices <file>     JSON of extra model prices: { "model": { "input": 2.5, "output": 10 } } (USD per 1M tokens)
  --demo              also run a fake LLM provider and a demo app that sends traffic
  -v, --version       print the version
  -h, --help          print this help

Environment:
  TRACELIGHT_FORWARD=traceloop,<url>,<name>=<url>  also forward spans to these targets (Traceloop needs
                                      TRACELOOP_API_KEY); each has its own queue, retries and status
  TRACELIGHT_FORWARD_HEADERS=k=v,...  headers for the (only) URL target
  TRACELIGHT_FORWARD_HEADERS_<NAME>=k=v,...  headers for the target named NAME
  TRACELIGHT_FORWARD_CONTENT=false    strip prompts and completions from what is forwarded (_<NAME>: per target)
  TRACELIGHT_FORWARD_MAX_ELAPSED=5m   how long one batch is retried while an upstream is down (0: no limit)
  TRACELIGHT_FORWARD_QUEUE_SIZE=64mb  what each target may hold meanwhile (set aside from --max-memory)

Point an app at it: OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 (the tracelight library does so by default),
or over gRPC: OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317.
`;

function describeForwarding(config: ForwardConfig): string {
  return config.targets.map((t) => `${t.name === t.target ? t.target : `${t.name} ${t.target}`}${t.stripContent ? ' (content stripped)' : ''}`).join(', ');
}

function fail(message: string): never {
  process.stderr.write(`tracelight: ${message}\n`);
  process.exit(1);
}

function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stdout.write(`  (could not open a browser; visit ${url})\n`));
    child.unref();
  } catch {
    // --open is a convenience; the URL is printed anyway.
  }
}

async function main(): Promise<void> {
  // `tracelight traces|show|search|usage|tail|mcp`: commands that read from a running viewer.
  const command = await runSubcommand(process.argv.slice(2));
  if (command !== null) {
    process.stdout.write('', () => process.exit(command));
    return;
  }
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        'grpc-port': { type: 'string' },
        host: { type: 'string' },
        'allow-host': { type: 'string', multiple: true },
        open: { type: 'boolean' },
        'max-memory': { type: 'string' },
        persist: { type: 'string' },
        prices: { type: 'string' },
        demo: { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    fail(`${(error as Error).message}\nRun "tracelight --help" for the options.`);
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(`${HELP}\n${COMMANDS_HELP}\n`);
    return;
  }
  const version = readPackageVersion();
  if (o.version) {
    process.stdout.write(`${version}\n`);
    return;
  }

  const port = o.port === undefined ? 4318 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, got "${o.port}"`);
  const grpcPortArg = o['grpc-port'] === undefined ? null : Number(o['grpc-port']);
  if (grpcPortArg !== null && (!Number.isInteger(grpcPortArg) || grpcPortArg < 0 || grpcPortArg > 65535)) {
    fail(`--grpc-port must be a number from 0 (off) to 65535, got "${o['grpc-port']}"`);
  }
  // Default 4317; with --port 0 (pick a free port) gRPC gets a free port too. --grpc-port 0 turns it off.
  const grpcPort = grpcPortArg === null ? (port === 0 ? 0 : 4317) : grpcPortArg === 0 ? null : grpcPortArg;
  const host = o.host ?? '127.0.0.1';
  let processBytes = DEFAULT_MAX_MEMORY;
  if (o['max-memory'] !== undefined) {
    processBytes = parseByteSize(o['max-memory']) ?? fail(`--max-memory must be a size like 256mb or 1gb, got "${o['max-memory']}"`);
    if (processBytes < 1024 * 1024) fail('--max-memory must be at least 1mb');
  }
  type DemoModule = { startDemo(options: { otlpEndpoint: string }): Promise<{ close(): Promise<void> }> };
  let demoModule: DemoModule | undefined;
  let demoLoadError: Error | undefined;
  if (o.demo) {
    // Loaded before the memory is measured: the demo runs in this process, so its SDKs count against the budget.
    demoModule = (await import('../demo/start-demo.js').catch((error: Error) => void (demoLoadError = error))) as DemoModule | undefined;
  }
  // Measured now, with the server's code loaded: what the process costs before it holds any span.
  const startupRss = process.memoryUsage().rss;
  let prices;
  if (o.prices) {
    try {
      prices = createPriceTable(JSON.parse(readFileSync(o.prices, 'utf8')) as Record<string, unknown>);
    } catch (error) {
      fail(`could not use --prices ${o.prices}: ${(error as Error).message}`);
    }
  }
  let forward;
  try {
    forward = resolveForwardConfig(process.env);
  } catch (error) {
    if (error instanceof ForwardConfigError) fail(error.message);
    throw error;
  }
  // Each target's queue may fill during an outage: set it aside so --max-memory holds for the whole process.
  const forwardQueues = forward ? forward.targets.length * forward.maxQueueBytes : 0;
  const budget = storeBudget(processBytes, startupRss + forwardQueues);

  const logger: ViewerLogger = {
    info: (m) => process.stdout.write(`tracelight: ${m}\n`),
    warn: (m) => process.stderr.write(`tracelight: warning: ${m}\n`),
    error: (m) => process.stderr.write(`tracelight: error: ${m}\n`),
  };
  let viewer;
  try {
    viewer = await createViewerServer({
      port,
      grpcPort,
      // The default gRPC port may be another viewer's: then this one runs without gRPC, and says so.
      grpcOptional: o['grpc-port'] === undefined,
      host,
      allowedHosts: o['allow-host'],
      maxMemoryBytes: budget.storeBytes,
      processMemoryBudget: processBytes,
      persistFile: o.persist,
      prices,
      forward,
      logger,
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { protocol?: string; port?: number };
    const [which, flag] = e.protocol === 'grpc' ? [e.port, '--grpc-port (0 turns gRPC off)'] : [port, '--port'];
    if (e.code === 'EADDRINUSE') fail(`port ${which} on ${host} is already in use (another tracelight?). Pick another with ${flag}.`);
    if (e.code === 'EACCES') fail(`not allowed to listen on ${host}:${which}. Pick a port above 1024 with ${flag}.`);
    if (e.code === 'EADDRNOTAVAIL') fail(`cannot bind ${host}: no such local address.`);
    fail(e.message);
  }

  const origin = viewer.url.replace(/\/$/, '');
  process.stdout.write(
    `Tracelight ${version}\n` +
      `  UI:    ${viewer.url}\n` +
      `  OTLP:  ${viewer.otlpUrl}   (OTEL_EXPORTER_OTLP_ENDPOINT=${origin}; /v1/logs too)\n` +
      (viewer.grpcUrl ? `  gRPC:  ${viewer.grpcUrl}   (OTEL_EXPORTER_OTLP_PROTOCOL=grpc OTEL_EXPORTER_OTLP_ENDPOINT=${viewer.grpcUrl})\n` : '') +
      `  Forwarding: ${forward ? describeForwarding(forward) : 'off'}\n`,
  );
  if (budget.warning) logger.warn(budget.warning);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    logger.warn(
      `listening on ${host}: anyone who can reach this address can read your prompts and completions. ` +
        `Requests must still name localhost${o['allow-host']?.length ? ` or ${o['allow-host'].join(', ')}` : ''} in their Host header (--allow-host adds names).`,
    );
  }
  if (o.open) openBrowser(viewer.url);

  let demo: { close(): Promise<void> } | undefined;
  if (o.demo) {
    try {
      if (!demoModule) throw demoLoadError ?? new Error('the demo module did not load');
      demo = await demoModule.startDemo({ otlpEndpoint: origin });
      process.stdout.write(`  Demo:  sending traffic; open ${viewer.url} to watch it\n`);
    } catch (error) {
      logger.error(`the demo could not start: ${(error as Error).message}`);
    }
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.exit(1); // second Ctrl-C: do not wait
    }
    stopping = true;
    process.stdout.write(`\ntracelight: ${signal}, shutting down\n`);
    const force = setTimeout(() => process.exit(1), 8000);
    force.unref();
    (async () => {
      await demo?.close().catch(() => undefined);
      await viewer.close();
      process.exit(0);
    })().catch(() => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// grpc-js writes lines of its own to stderr (e.g. "No address added" for a taken port): the viewer says what
// matters itself, in its own words.
setLogVerbosity(logVerbosity.NONE);
// Output piped into e.g. `head` that has exited must not break serving or Ctrl+C (EPIPE on our own logging).
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);
main().catch((error: Error) => fail(error.message));
