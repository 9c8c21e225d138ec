/**
 * Runs one module worker in Cloudflare's workerd (the runtime behind Workers and `wrangler dev`): bundles it the way
 * wrangler does (esbuild, `workerd`/`worker`/`browser` conditions), writes a workerd config that lets it reach this
 * machine's loopback servers, starts `workerd serve` on a free port (read from its control fd) and returns its URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/** A running workerd. */
export interface RunningWorker {
  url: string;
  /** What workerd printed (its own logs and the worker's console). */
  output(): string;
  close(): Promise<void>;
}

/**
 * @example
 * const worker = await startWorker(workerdPath, 'test/runtimes/apps/worker-app.mjs');
 * await fetch(worker.url, { method: 'POST', body: '{}' });
 * await worker.close();
 */
export async function startWorker(workerd: string, entry: string): Promise<RunningWorker> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-workerd-'));
  await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    outfile: join(dir, 'worker.js'),
    logLevel: 'silent',
  });
  // No `nodejs_compat` flag: the strictest Worker (no `process`, no Node built-ins). The "internet" service is the
  // worker's outbound fetch; "local" lets it reach the fake provider and viewer on 127.0.0.1.
  writeFileSync(
    join(dir, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
);
`,
  );
  const child: ChildProcess = spawn(workerd, ['serve', join(dir, 'config.capnp'), '--control-fd=3'], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdio[3]!.on('data', (d: Buffer) => {
        buffer += d;
        for (const line of buffer.split('\n')) {
          try {
            const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
            if (message.event === 'listen' && message.socket === 'http' && message.port) resolve(message.port);
          } catch {
            // a partial line
          }
        }
      });
      child.once('exit', (code) => reject(new Error(`workerd exited (${code}) before listening:\n${output}`)));
      child.once('error', reject);
    });
    return { url: `http://127.0.0.1:${port}/`, output: () => output, close: stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
