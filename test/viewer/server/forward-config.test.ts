// TRACELIGHT_FORWARD as a list of targets, per-target headers and content switch, the bounds, and clear errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DEFAULT_FORWARD_MAX_ELAPSED_MS,
  DEFAULT_FORWARD_QUEUE_BYTES,
  resolveForwardConfig,
  toForwardConfig,
} from '../../../lib/forward/forward-config.js';

const KEY = 'tl-config-key-123456';

test('a list of targets: traceloop, named and unnamed URLs, in the order given', () => {
  const config = resolveForwardConfig({
    TRACELIGHT_FORWARD: ' traceloop , collector=http://collector:4318 , https://otel.example.com/custom/path ',
    TRACELOOP_API_KEY: KEY,
  })!;
  assert.deepEqual(
    config.targets.map((t) => [t.name, t.url, t.target]),
    [
      ['traceloop', 'https://api.traceloop.com/v1/traces', 'https://api.traceloop.com/v1/traces'],
      ['collector', 'http://collector:4318/v1/traces', 'http://collector:4318/v1/traces'],
      ['otel.example.com', 'https://otel.example.com/custom/path', 'https://otel.example.com/custom/path'],
    ],
  );
  assert.equal(config.maxElapsedMs, DEFAULT_FORWARD_MAX_ELAPSED_MS);
  assert.equal(config.maxElapsedMs, 5 * 60_000);
  assert.equal(config.maxQueueBytes, DEFAULT_FORWARD_QUEUE_BYTES);
  assert.equal(config.maxQueueBytes, 64 * 1024 * 1024);
});

test('headers: the shared variable for the only URL target, TRACELIGHT_FORWARD_HEADERS_<NAME> for named ones', () => {
  const one = resolveForwardConfig({ TRACELIGHT_FORWARD: 'traceloop,http://c:4318', TRACELOOP_API_KEY: KEY, TRACELIGHT_FORWARD_HEADERS: 'x-team=ai' })!;
  assert.deepEqual(one.targets[0]!.headers, { Authorization: `Bearer ${KEY}` }, 'the shared headers never go to Traceloop');
  assert.deepEqual(one.targets[1]!.headers, { 'x-team': 'ai' });

  const named = resolveForwardConfig({
    TRACELIGHT_FORWARD: 'traceloop,a=http://a:4318,b=http://b:4318',
    TRACELOOP_API_KEY: KEY,
    TRACELIGHT_FORWARD_HEADERS_A: 'authorization=Bearer%20aaa',
    tracelight_forward_headers_b: 'x-b=1', // names match without regard to case
    TRACELIGHT_FORWARD_HEADERS_TRACELOOP: 'x-traceloop-extra=1',
  })!;
  assert.deepEqual(
    named.targets.map((t) => t.headers),
    [{ Authorization: `Bearer ${KEY}`, 'x-traceloop-extra': '1' }, { authorization: 'Bearer aaa' }, { 'x-b': '1' }],
  );
  assert.throws(
    () => resolveForwardConfig({ TRACELIGHT_FORWARD: 'a=http://a:4318,b=http://b:4318', TRACELIGHT_FORWARD_HEADERS: 'authorization=Bearer%20x' }),
    /would go to all 2 URL targets; name each target.*TRACELIGHT_FORWARD_HEADERS_<NAME>/,
  );
  // URL user info becomes Basic auth of that target only.
  const basic = resolveForwardConfig({ TRACELIGHT_FORWARD: 'a=https://me:pw@a.example,b=https://b.example' })!;
  assert.equal(basic.targets[0]!.headers.Authorization, `Basic ${btoa('me:pw')}`);
  assert.equal(basic.targets[0]!.url, 'https://a.example/v1/traces');
  assert.deepEqual(basic.targets[1]!.headers, {});
});

test('content: TRACELIGHT_FORWARD_CONTENT for all, TRACELIGHT_FORWARD_CONTENT_<NAME> per target', () => {
  const config = resolveForwardConfig({
    TRACELIGHT_FORWARD: 'traceloop,c=http://c:4318,d=http://d:4318',
    TRACELOOP_API_KEY: KEY,
    TRACELIGHT_FORWARD_CONTENT: 'false',
    TRACELIGHT_FORWARD_CONTENT_TRACELOOP: 'true',
  })!;
  assert.deepEqual(config.targets.map((t) => t.stripContent), [false, true, true]);
  assert.throws(() => resolveForwardConfig({ TRACELIGHT_FORWARD: 'c=http://c', TRACELIGHT_FORWARD_CONTENT_C: 'maybe' }), /TRACELIGHT_FORWARD_CONTENT_C must be true or false/);
});

test('bounds from the environment, with clear errors', () => {
  const env = (extra: Record<string, string>) => ({ TRACELIGHT_FORWARD: 'http://c:4318', ...extra });
  assert.equal(resolveForwardConfig(env({ TRACELIGHT_FORWARD_MAX_ELAPSED: '90s' }))!.maxElapsedMs, 90_000);
  assert.equal(resolveForwardConfig(env({ TRACELIGHT_FORWARD_MAX_ELAPSED: '15m' }))!.maxElapsedMs, 15 * 60_000);
  assert.equal(resolveForwardConfig(env({ TRACELIGHT_FORWARD_MAX_ELAPSED: '120' }))!.maxElapsedMs, 120_000, 'a bare number is seconds');
  assert.equal(resolveForwardConfig(env({ TRACELIGHT_FORWARD_MAX_ELAPSED: '0' }))!.maxElapsedMs, 0, '0: no time limit');
  assert.equal(resolveForwardConfig(env({ TRACELIGHT_FORWARD_QUEUE_SIZE: '256mb' }))!.maxQueueBytes, 256 * 1024 * 1024);
  assert.throws(() => resolveForwardConfig(env({ TRACELIGHT_FORWARD_MAX_ELAPSED: 'forever' })), /TRACELIGHT_FORWARD_MAX_ELAPSED must be a duration like 300s, 5m or 1h \(0: retry without a time limit\), got "forever"/);
  assert.throws(() => resolveForwardConfig(env({ TRACELIGHT_FORWARD_QUEUE_SIZE: 'lots' })), /TRACELIGHT_FORWARD_QUEUE_SIZE must be a size like 64mb or 1gb, got "lots"/);
});

test('setups that cannot work are refused, naming the problem and never a secret', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ TRACELIGHT_FORWARD: 'traceloop' }, /needs TRACELOOP_API_KEY/],
    [{ TRACELIGHT_FORWARD: 'http://a:4318,nonsense' }, /comma-separated list of "traceloop", OTLP\/HTTP URLs or name=URL/],
    [{ TRACELIGHT_FORWARD: 'ftp://a' }, /http or https/],
    [{ TRACELIGHT_FORWARD: 'a=http://a:4318,A=http://b:4318' }, /two targets named "A"/],
    [{ TRACELIGHT_FORWARD: 'http://a:4318/v1/traces,http://a:4318' }, /lists http:\/\/a:4318\/v1\/traces twice/],
    [{ TRACELIGHT_FORWARD: 'traceloop=http://a:4318' }, /the name "traceloop" is for the Traceloop target/],
    [{ TRACELIGHT_FORWARD: `x=https://u:${KEY}@h.example/v1/traces?api_key=${KEY},x=http://b` }, /two targets named "x"/],
  ];
  for (const [env, message] of cases) {
    assert.throws(() => resolveForwardConfig({ TRACELOOP_API_KEY: undefined, ...env }), (error: Error) => {
      assert.match(error.message, message);
      assert.ok(!error.message.includes(KEY));
      return true;
    });
  }
  assert.equal(resolveForwardConfig({ TRACELIGHT_FORWARD: ' off ' }), null);
});

test('a single target written the pre-fan-out way still works (relay `forward` option)', () => {
  const config = toForwardConfig({ url: 'http://collector:4318/v1/traces?api_key=k', headers: { a: 'b' }, stripContent: true });
  assert.equal(config.targets.length, 1);
  assert.deepEqual(config.targets[0], {
    name: 'collector:4318',
    url: 'http://collector:4318/v1/traces?api_key=k',
    headers: { a: 'b' },
    stripContent: true,
    target: 'http://collector:4318/v1/traces',
  });
});
