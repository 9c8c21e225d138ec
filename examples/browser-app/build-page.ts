/**
 * Builds the page with Vite, using the example's own `vite.config.ts`.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds into `outDir` (default: `examples/browser-app/dist`) and resolves when done.
 *
 * @example
 * await buildPage('/tmp/browser-app-build');
 */
export async function buildPage(outDir?: string): Promise<void> {
  await build({
    configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
    ...(outDir ? { build: { outDir, emptyOutDir: true } } : {}),
  });
}
