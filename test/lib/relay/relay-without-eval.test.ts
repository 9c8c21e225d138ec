import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Cloudflare Workers and Vercel Edge forbid `new Function`, which protobufjs' compiled codecs rely on. Node's
// --disallow-code-generation-from-strings reproduces that: the relay must still take JSON and protobuf (gzip too),
// and forward protobuf, through the interpreted codecs.
test('without eval (edge runtimes) the relay takes JSON and protobuf and forwards protobuf, exactly', () => {
  const result = spawnSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', '--import', 'tsx', join(import.meta.dirname, '../../helpers/relay-without-eval.ts')],
    { encoding: 'utf8', timeout: 60_000 },
  );
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /json in 200 .*"sent":1,"failed":0/);
  assert.match(result.stdout, /protobuf in 200 application\/x-protobuf 0/);
  assert.match(result.stdout, /truncated protobuf in 400 application\/x-protobuf/);
  const got = JSON.parse(result.stdout.match(/upstream got: (.*)/)![1]) as string[];
  assert.deepEqual(got, [
    'application/x-protobuf from-json 1700000000123456789 9007199254740993',
    'application/x-protobuf from-protobuf 1700000000123456789 9007199254740993',
  ]);
});
