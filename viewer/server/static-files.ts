import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Finds the built UI: `dist/ui` next to the built CLI (`dist/viewer/cli.js` -> `dist/ui`) or, when running from
 * source via tsx, the repository's `dist/ui`. Returns the first candidate even if missing (the server explains).
 * @example const uiDir = defaultUiDir();
 */
export function defaultUiDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Built: dist/viewer/cli.js -> dist/ui. From source: viewer/server -> viewer/ui is the UI's *source* (its
  // index.html points at main.tsx), so only a Vite output (it always has assets/) counts.
  const candidates = [resolve(here, '../ui'), resolve(here, '../../dist/ui')];
  const isBuilt = (dir: string) => existsSync(join(dir, 'index.html')) && existsSync(join(dir, 'assets'));
  return candidates.find(isBuilt) ?? candidates[candidates.length - 1];
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Tracelight</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto">
<h1>Tracelight is running, but its UI is not built</h1>
<p>Build it with <code>npm run build</code> (or just the UI: <code>npm run build:ui</code>) and reload.</p>
<p>The OTLP receiver works meanwhile: <code>POST /v1/traces</code>; the JSON API is at <a href="api/traces">/api/traces</a>.</p>
</body>`;

/**
 * Serves the built UI: files under `uiDir`, `index.html` for other GET paths (client-side routes, deep links),
 * a "how to build" page when the UI is missing. Never serves outside `uiDir`.
 * @example serveStatic(req, res, uiDir, '/index.html')
 */
export function serveStatic(req: IncomingMessage, res: ServerResponse, uiDir: string, pathname: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('Allow', 'GET, HEAD');
    res.end();
    return;
  }
  const root = resolve(uiDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    decoded = '/';
  }
  let file = resolve(root, '.' + decoded);
  if (file !== root && !file.startsWith(root + sep)) file = join(root, 'index.html');
  let stat = existsSync(file) ? statSync(file) : null;
  if (!stat || stat.isDirectory()) {
    // Unknown paths with an extension are missing assets, not routes.
    if (extname(decoded) && decoded !== '/') {
      res.statusCode = 404;
      res.end('Not found\n');
      return;
    }
    file = join(root, 'index.html');
    stat = existsSync(file) ? statSync(file) : null;
    if (!stat) {
      res.statusCode = 200;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(NOT_BUILT);
      return;
    }
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', stat.size);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Hashed assets are immutable; index.html must always be fresh.
  res.setHeader('Cache-Control', file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
