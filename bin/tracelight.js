#!/usr/bin/env node
// Thin launcher: the CLI is built to dist/ by `npm run build` (run by `prepare` on install).
import('../dist/viewer/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('tracelight: the viewer is not built yet. Run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
