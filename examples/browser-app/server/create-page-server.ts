/**
 * Serves the Vite-built page and its `/config.json`. A static file server on node:http: the built folder is
 * small and known, so a few lines beat a dependency.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { listenLocal } from '../../shared/listen-local.js';
import { extname, join, normalize, sep } from 'node:path';
import type { PageConfig } from '../page/page-config.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Options of {@link createPageServer}. */
export interface PageServerOptions {
  /** The Vite build output folder. */
  root: string;
  /** Called per request, so the config can name servers started after this one. */
  config: () => PageConfig;
  port?: number;
  host?: string;
}

/**
 * Starts the page server (default `127.0.0.1`, port 0 = a free port).
 *
 * @example
 * const page = await createPageServer({ root: 'examples/browser-app/dist', config: () => pageConfig });
 * console.log(page.url);
 */
export async function createPageServer(options: PageServerOptions): Promise<{ url: string; close(): Promise<void> }> {
  const root = normalize(options.root);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page.localhost').pathname;
    if (path === '/config.json') {
      return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(options.config()));
    }
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(root + sep)) return void response.writeHead(403).end();
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  return listenLocal(server, options);
}
