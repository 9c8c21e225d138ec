import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The browser example's own build. In your app `npm install tracelight` and drop the alias: the package's
// `browser` export condition picks the browser build. Here it points at the library's source in this repo.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  resolve: {
    alias: [{ find: /^tracelight$/, replacement: fileURLToPath(new URL('../../lib/browser.ts', import.meta.url)) }],
  },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
