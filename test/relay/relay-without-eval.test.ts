import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Cloudflare Workers and Vercel Edge forbid `new Function`, which protobufjs' encoders rely on. Node's
// --disallow-code-generation-from-strings reproduces that: the relay must still forward (as OTLP JSON).
test('without eval (edge runtimes) the relay forwards JSON and answers 415 to protobuf', () => {
  const result = spawnSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', '--import', 'tsx', join(import.meta.dirname, 'helpers/relay-without-eval.ts')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /json in 200 upstream content-type application\/json .*"sent":1,"failed":0/);
  assert.match(result.stdout, /protobuf in 415 .*send OTLP JSON/);
});
