import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { createBodyPool } from '../../../viewer/server/body-pool.js';
import { readBody } from '../../../viewer/server/read-body.js';

test('the pool hands back given buffers, and ignores buffers it does not own', () => {
  const pool = createBodyPool(2);
  const a = pool.take(1000);
  assert.ok(a.length >= 1000);
  pool.give(a.subarray(0, 10)); // a view from the start gives the whole buffer back
  assert.equal(pool.take(500).buffer, a.buffer, 'reused');
  pool.give(Buffer.alloc(100_000)); // not the pool's
  assert.notEqual(pool.take(100_000).length, 100_000);
  const b = pool.take(10);
  pool.give(b.subarray(5)); // not from its start: ignored
  assert.notEqual(pool.take(10).buffer, b.buffer);
});

test('bodies read through the pool are exact, with and without length, gzip, growing past the first buffer, concurrently', async () => {
  const pool = createBodyPool();
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req, 8 * 1024 * 1024, pool);
      const copy = Buffer.from(body); // the pooled buffer goes back now and may be reused at once
      pool.give(body);
      res.end(copy.toString('base64'));
    } catch (error) {
      res.statusCode = (error as { status?: number }).status ?? 500;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const post = (body: Buffer, headers: Record<string, string>) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      // Several writes: a chunked body arrives in pieces and outgrows the first pooled buffer.
      for (let at = 0; at < body.length; at += 100_000) req.write(body.subarray(at, at + 100_000));
      req.end();
    });
  try {
    const bodies = [randomBytes(10), randomBytes(300_000), randomBytes(1_500_000), randomBytes(70_000)];
    const results = await Promise.all(
      bodies.flatMap((body) => [
        post(body, { 'content-length': String(body.length) }).then((r) => [r, body] as const),
        post(body, {}).then((r) => [r, body] as const),
        post(gzipSync(body), { 'content-encoding': 'gzip' }).then((r) => [r, body] as const),
      ]),
    );
    for (const [r, body] of results) {
      assert.equal(r.status, 200);
      assert.equal(r.text, body.toString('base64'));
    }
    const tooBig = await post(gzipSync(Buffer.alloc(9 * 1024 * 1024)), { 'content-encoding': 'gzip' });
    assert.equal(tooBig.status, 413, 'the cap still applies after decompression');
  } finally {
    await new Promise((r) => server.close(r));
  }
});
