// A real `tracelight` process for tests: the built CLI when present (what `npx tracelight` runs), else the source
// through tsx.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const BUILT = join(process.cwd(), 'dist/viewer/cli.js');
export const CLI_COMMAND = existsSync(BUILT) ? [BUILT] : ['--import', 'tsx', join(process.cwd(), 'viewer/server/cli.ts')];

/** The environment tests run the CLI with: no forwarding, whatever the developer's shell says. */
export const cleanEnv = { ...process.env, TRACELIGHT_FORWARD: '' };

/** Runs the CLI to completion (for `--help`, bad flags, start-up errors). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv) {
  return spawnSync(process.execPath, [...CLI_COMMAND, ...args], { encoding: 'utf8', timeout: 30_000, env });
}

/** A running viewer process. */
export interface ViewerProcess {
  child: ChildProcess;
  /** Resolves to the UI's URL once the CLI printed it; rejects if the process exits first. */
  ready: Promise<string>;
  exited: Promise<number | null>;
  output(): string;
  errors(): string;
}

/** Starts the CLI with `args` and collects what it prints. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = cleanEnv): ViewerProcess {
  const child = spawn(process.execPath, [...CLI_COMMAND, ...args], { env });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = out.match(/UI:\s+(http:\/\/\S+)/);
      if (m && out.includes('OTLP:')) resolve(m[1]);
    };
    child.stdout!.on('data', check);
    exited.then((code) => reject(new Error(`exited ${code}: ${err}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => out, errors: () => err };
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}
