import WebSocket from 'ws';
import type { TraceSummary } from '../../shared/api-types.js';
import type { LiveMessage } from '../../shared/live-messages.js';
import { traceLine } from '../query/trace-line.js';
import { intFlag, parseCommandArgs, writeOut } from './command-args.js';
import { CommandError, EXIT } from './exit-codes.js';
import { noViewerMessage, viewerBase } from './viewer-client.js';

const HELP = `Usage: tracelight tail [--json] [-n lines] [--errors] [--model name] [--service name]

Follows the running viewer live: one line per finished trace (its root span arrived), as tracelight traces prints
them, or one JSON trace summary per line with --json (NDJSON), until Ctrl+C. Starts with the last finished traces.

  -n, --lines <n>     finished traces to print first (default 10; 0 for only new ones)
  --errors            only traces with an error
  --model <name>      only traces that called this model (a family name matches its versions)
  --service <name>    only traces whose root span comes from this service
  --json              NDJSON: one trace summary (the API's TraceSummary) per line
  --url <url>         the viewer (default $TRACELIGHT_URL or http://127.0.0.1:4318)
  -h, --help          this help

Exit codes: 0 stopped with Ctrl+C, 2 no viewer running, 3 bad usage.
`;

/** A trace is printed once no span of it arrived for this long after its root (late children make it in). */
const SETTLE_MS = 250;
/** A trace whose root never arrives is printed (saying so) after this long without news. */
const ROOTLESS_MS = 15_000;
const RECONNECT_MS = 1000;

/**
 * `tracelight tail`: follows the live socket (summaries only) and prints each trace once it is finished. Ctrl+C
 * (SIGINT) or SIGTERM stops it with exit code 0; a viewer that goes away is waited for (said on stderr).
 * @example await tailCommand(['--json']);
 */
export async function tailCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      url: { type: 'string' },
      json: { type: 'boolean' },
      lines: { type: 'string', short: 'n' },
      errors: { type: 'boolean' },
      model: { type: 'string' },
      service: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'tail',
  );
  if (values.help) return writeOut(HELP).then(() => EXIT.ok);
  if (positionals.length) throw new CommandError(EXIT.usage, `tail takes no arguments besides flags, got "${positionals[0]}"`);
  const backlog = intFlag('--lines', values.lines) ?? 10;
  const base = viewerBase(values.url);
  const wanted = (t: TraceSummary) =>
    (!values.errors || t.errorCount > 0) &&
    (!values.service || t.serviceName === values.service) &&
    (!values.model || t.models.some((m) => m === values.model || m.startsWith(`${values.model}-`)));
  const print = (t: TraceSummary) => {
    if (wanted(t)) process.stdout.write(`${values.json ? JSON.stringify(t) : traceLine(t)}\n`);
  };

  /** What was printed: `true` finished, `false` printed while still without a root. */
  const printed = new Map<string, boolean>();
  const pending = new Map<string, { summary: TraceSummary; timer: ReturnType<typeof setTimeout> }>();
  const settle = (t: TraceSummary) => {
    const done = printed.get(t.traceId);
    if (done === true || (done === false && !t.hasRoot)) return;
    const old = pending.get(t.traceId);
    if (old) clearTimeout(old.timer);
    const timer = setTimeout(
      () => {
        pending.delete(t.traceId);
        printed.set(t.traceId, t.hasRoot);
        print(t);
      },
      t.hasRoot ? SETTLE_MS : ROOTLESS_MS,
    );
    pending.set(t.traceId, { summary: t, timer });
  };

  return new Promise<number>((resolve, reject) => {
    let socket: WebSocket | null = null;
    let stopped = false;
    let connectedOnce = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lost = false;
    const stop = (code: number, error?: Error) => {
      if (stopped) return;
      stopped = true;
      if (retry) clearTimeout(retry);
      for (const p of pending.values()) clearTimeout(p.timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      socket?.removeAllListeners();
      socket?.on('error', () => undefined);
      socket?.terminate();
      if (error) reject(error);
      else resolve(code);
    };
    const onSignal = () => stop(EXIT.ok);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    const connect = () => {
      const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/live?trace=`);
      socket = ws;
      ws.on('open', () => {
        if (lost) process.stderr.write(`tracelight: the viewer at ${base} is back\n`);
        connectedOnce = true;
        lost = false;
      });
      ws.on('message', (data) => {
        let message: LiveMessage;
        try {
          message = JSON.parse(String(data)) as LiveMessage;
        } catch {
          return;
        }
        if (message.type === 'hello') {
          // Newest first: the backlog is printed oldest first; everything finished before is known from here on.
          const finished = message.traces.filter((t) => t.hasRoot && !printed.has(t.traceId));
          const shown = finished.filter(wanted).slice(0, backlog).reverse();
          for (const t of finished) printed.set(t.traceId, true);
          for (const t of shown) print(t);
          // Traces still without a root are printed once news of them comes (not for having been rootless long ago).
        } else if (message.type === 'spans') {
          for (const t of message.traces) settle(t);
        } else if (message.type === 'evicted') {
          for (const id of message.traceIds) {
            const p = pending.get(id);
            if (p) clearTimeout(p.timer);
            pending.delete(id);
          }
        }
      });
      ws.on('error', () => undefined);
      ws.on('close', () => {
        if (stopped) return;
        if (!connectedOnce) return stop(EXIT.noViewer, new CommandError(EXIT.noViewer, noViewerMessage(base)));
        if (!lost) process.stderr.write(`tracelight: lost the viewer at ${base}; waiting for it to come back (Ctrl+C to stop)\n`);
        lost = true;
        retry = setTimeout(connect, RECONNECT_MS);
      });
    };
    connect();
  });
}
