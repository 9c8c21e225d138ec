import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The viewer UI: built into dist/ui and served by the viewer server at `/`.
export default defineConfig({
  root: 'viewer/ui',
  base: './',
  plugins: [preact()],
  build: { outDir: '../../dist/ui', emptyOutDir: true, sourcemap: false },
});
