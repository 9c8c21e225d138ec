// The direct OTLP/JSON -> protobuf writer against the path it replaces (read the JSON into canonical objects,
// validate ids, encode): the same spans, the same rejections and reasons, on every real sender's fixture and on
// random requests with random faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTraceRequestProtobuf } from '../../../lib/forward/decode-otlp-protobuf.js';
import { encodeTraceRequestProtobuf } from '../../../lib/forward/encode-otlp-protobuf.js';
import { readTraceRequestJson } from '../../../lib/forward/read-otlp-json.js';
import { OtlpDecodeError } from '../../../lib/forward/otlp-types.js';
import { filterValidSpans } from '../../../lib/forward/validate-otlp-spans.js';
import { writeTraceRequestJson } from '../../../lib/receive/write-trace-request-json.js';
import { receiveOtlp } from '../../../lib/receive/receive-otlp.js';
import { SPAN_FIXTURES, spanFixtureText } from '../../helpers/span-fixtures.js';
import { seededRandom } from '../../helpers/seeded-random.js';

/** What the two-step path made of a request: decoded protobuf, rejections, reasons (or the error it threw). */
function viaCanonical(value: unknown) {
  try {
    const read = readTraceRequestJson(value);
    const valid = filterValidSpans(read.request);
    return {
      request: decodeTraceRequestProtobuf(encodeTraceRequestProtobuf(valid.request)),
      rejected: read.rejectedSpans + valid.rejectedSpans,
      errors: [...read.errors, ...valid.errors],
    };
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { error: error.message };
    throw error;
  }
}

function direct(value: unknown) {
  try {
    const written = writeTraceRequestJson(value, 16);
    return { request: decodeTraceRequestProtobuf(written.request), rejected: written.rejected, errors: written.errors };
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { error: error.message };
    throw error;
  }
}

test('every real sender fixture converts to the same spans as reading, validating and encoding', () => {
  assert.ok(SPAN_FIXTURES.length > 10);
  for (const name of SPAN_FIXTURES) {
    const value = JSON.parse(spanFixtureText(name));
    assert.deepEqual(direct(value), viaCanonical(value), name);
  }
});

const hex = (rnd: () => number, bytes: number) => Array.from({ length: bytes * 2 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');

/** A random value for an attribute: every AnyValue kind, nested, in camel or snake case, sometimes malformed. */
function value(rnd: () => number, depth = 0): unknown {
  const r = rnd();
  const key = (camel: string, snake: string) => (rnd() < 0.2 ? snake : camel);
  if (r < 0.3) return { [key('stringValue', 'string_value')]: rnd() < 0.05 ? 7 : 'é✓ '.repeat(Math.floor(rnd() * 300)) };
  if (r < 0.4) return { [key('boolValue', 'bool_value')]: rnd() < 0.05 ? 'yes' : rnd() < 0.5 };
  if (r < 0.55) {
    const pick = rnd();
    return { [key('intValue', 'int_value')]: pick < 0.3 ? -Math.floor(rnd() * 1e12) : pick < 0.6 ? String(Math.floor(rnd() * 1e15)) : pick < 0.7 ? '9223372036854775808' : pick < 0.75 ? '1.5' : 42 };
  }
  if (r < 0.65) return { [key('doubleValue', 'double_value')]: rnd() < 0.1 ? 'NaN' : rnd() < 0.05 ? true : rnd() * 1e6 };
  if (r < 0.75 && depth < 4) return { [key('arrayValue', 'array_value')]: { values: Array.from({ length: Math.floor(rnd() * 4) }, () => value(rnd, depth + 1)) } };
  if (r < 0.85 && depth < 4) return { [key('kvlistValue', 'kvlist_value')]: { values: attributes(rnd, depth + 1) } };
  if (r < 0.9) return { [key('bytesValue', 'bytes_value')]: rnd() < 0.8 ? 'aGVsbG8=' : '!!not base64' };
  if (r < 0.93) return {};
  if (r < 0.95) return null;
  return rnd() < 0.5 ? 'not an object' : { stringValue: 'x', intValue: '5' };
}

function attributes(rnd: () => number, depth = 0): unknown[] {
  return Array.from({ length: Math.floor(rnd() * 6) }, (_, i) => (rnd() < 0.03 ? { value: value(rnd, depth) } : { key: `k${i}.${depth}`, value: value(rnd, depth) }));
}

function time(rnd: () => number): unknown {
  const r = rnd();
  if (r < 0.7) return String(1_700_000_000_000_000_000n + BigInt(Math.floor(rnd() * 1e12)));
  if (r < 0.8) return Math.floor(rnd() * 1e15);
  if (r < 0.85) return '18446744073709551616';
  if (r < 0.9) return '-1';
  if (r < 0.95) return undefined;
  return 'soon';
}

function span(rnd: () => number): unknown {
  const r = rnd();
  const id = (bytes: number) => (r < 0.05 ? hex(rnd, bytes - 1) : r < 0.08 ? '0'.repeat(bytes * 2) : r < 0.1 ? Buffer.from(hex(rnd, bytes), 'hex').toString('base64') : hex(rnd, bytes).toUpperCase());
  const s: Record<string, unknown> = {
    [rnd() < 0.2 ? 'trace_id' : 'traceId']: id(16),
    spanId: id(8),
    parentSpanId: rnd() < 0.5 ? '' : rnd() < 0.05 ? 'xyz' : hex(rnd, 8),
    name: rnd() < 0.03 ? 5 : `span ${Math.floor(rnd() * 100)}`,
    kind: rnd() < 0.5 ? Math.floor(rnd() * 6) : rnd() < 0.9 ? 'SPAN_KIND_CLIENT' : 'SPAN_KIND_WHAT',
    startTimeUnixNano: time(rnd),
    end_time_unix_nano: time(rnd),
    attributes: rnd() < 0.03 ? 'nope' : attributes(rnd),
    events: Array.from({ length: Math.floor(rnd() * 3) }, () => (rnd() < 0.05 ? 3 : { name: 'e', timeUnixNano: time(rnd), attributes: attributes(rnd) })),
    links: Array.from({ length: Math.floor(rnd() * 2) }, () => ({ traceId: hex(rnd, 16), spanId: rnd() < 0.1 ? 'bad' : hex(rnd, 8), attributes: attributes(rnd), flags: rnd() < 0.5 ? 1 : undefined })),
    status: rnd() < 0.1 ? 'broken' : { code: rnd() < 0.5 ? 2 : 'STATUS_CODE_OK', message: rnd() < 0.5 ? 'boom' : undefined },
  };
  if (rnd() < 0.2) s.flags = Math.floor(rnd() * 512);
  if (rnd() < 0.2) s.droppedAttributesCount = Math.floor(rnd() * 5);
  if (rnd() < 0.1) s.traceState = 'a=b';
  return rnd() < 0.02 ? 'not a span' : s;
}

function request(rnd: () => number): unknown {
  return {
    resourceSpans: Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => ({
      resource: rnd() < 0.1 ? undefined : { attributes: rnd() < 0.03 ? [{ key: 'k', value: { intValue: 'x' } }] : attributes(rnd) },
      [rnd() < 0.2 ? 'scope_spans' : 'scopeSpans']: Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => ({
        scope: rnd() < 0.2 ? undefined : { name: 'scope', version: rnd() < 0.5 ? '1.0' : undefined, attributes: attributes(rnd) },
        spans: Array.from({ length: Math.floor(rnd() * 8) }, () => span(rnd)),
        schemaUrl: rnd() < 0.2 ? 'https://opentelemetry.io/schemas/1.26.0' : undefined,
      })),
    })),
  };
}

test('random requests with random faults: same spans, rejections and reasons, or the same 400', () => {
  const rnd = seededRandom(11);
  let rejectedSome = 0;
  let refused = 0;
  for (let i = 0; i < 600; i++) {
    const value = request(rnd);
    const expected = viaCanonical(value);
    assert.deepEqual(direct(value), expected, `request ${i}`);
    if ('error' in expected) refused++;
    else if (expected.rejected) rejectedSome++;
  }
  assert.ok(rejectedSome > 100 && refused > 5, `faults were exercised (${rejectedSome} partial, ${refused} refused)`);
});

test('edge values of the fast paths (times without BigInt, small ints, one-pass hex ids, reserved lengths) agree too', () => {
  const rnd = seededRandom(5);
  const times = ['0', '1', '000000000000000001', '1700000000123456789', '9999999999999999999', '18446744073709551615', '18446744073709551616',
    '4294967295', '4294967296', '281474976710655', '281474976710656', '0000000000000000000000042', '12a', '-0', 1.5, 2 ** 53 + 2, -5, ''];
  const ints = ['0', '007', '999999999999999', '9007199254740993', '-1', '-9223372036854775808', '9223372036854775807', 2 ** 40, -0, 3.7, -2.5, '1e3', ' 1', ''];
  const ids = (bytes: number) => [hex(rnd, bytes), hex(rnd, bytes).toUpperCase(), 'g'.repeat(bytes * 2), hex(rnd, bytes - 1) + 'zz', '0'.repeat(bytes * 2),
    Buffer.from(hex(rnd, bytes), 'hex').toString('base64'), hex(rnd, bytes + 1), hex(rnd, bytes).slice(1), 'é'.repeat(bytes * 2), 42];
  const texts = [0, 1, 42, 43, 63, 64, 65, 127, 128, 129, 16383, 16384, 16385].flatMap((n) => ['a'.repeat(n), 'é'.repeat(n), 'x✓'.repeat(n >> 1), '😀'.repeat(n >> 1)]);
  const spans: unknown[] = [];
  for (let i = 0; i < 400; i++) {
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
    spans.push({
      traceId: pick(ids(16)),
      spanId: pick(ids(8)),
      parentSpanId: rnd() < 0.5 ? '' : pick(ids(8)),
      name: pick(texts),
      kind: pick([0, 3, 'SPAN_KIND_SERVER', 2.5, '4']),
      startTimeUnixNano: pick(times),
      endTimeUnixNano: pick(times),
      attributes: [
        { key: pick(texts), value: { stringValue: pick(texts) } },
        { key: 'n', value: { intValue: pick(ints) } },
        { key: 'n2', value: { int_value: pick(ints) } },
        { key: 'a', value: { arrayValue: { values: [{ stringValue: pick(texts) }, { intValue: pick(ints) }] } } },
      ],
      events: rnd() < 0.3 ? [{ name: pick(texts), timeUnixNano: pick(times), attributes: [{ key: 'k', value: { stringValue: pick(texts) } }] }] : [],
      links: rnd() < 0.3 ? [{ traceId: pick(ids(16)), spanId: pick(ids(8)) }] : [],
      status: { code: 1, message: pick(texts) },
    });
  }
  for (let i = 0; i < spans.length; i += 20) {
    const value = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeSpans: [{ scope: { name: 's' }, spans: spans.slice(i, i + 20) }] }] };
    assert.deepEqual(direct(value), viaCanonical(value), `spans ${i}..${i + 19}`);
  }
});

test('with a pool, JSON is written into pooled buffers, each given back once accept returned (or conversion failed)', async () => {
  const taken = new Set<ArrayBufferLike>();
  const free: Uint8Array[] = [];
  let takes = 0;
  let gives = 0;
  const pool = {
    take(size: number) {
      takes++;
      const i = free.findIndex((b) => b.length >= size);
      const b = i >= 0 ? free.splice(i, 1)[0] : new Uint8Array(Math.max(size, 256 * 1024));
      taken.add(b.buffer);
      return b;
    },
    give(b: Uint8Array) {
      assert.ok(taken.has(b.buffer) && b.byteOffset === 0, 'only what was taken comes back, from its start');
      assert.ok(!free.some((f) => f.buffer === b.buffer), 'given back once');
      gives++;
      free.push(new Uint8Array(b.buffer));
    },
  };
  const rnd = seededRandom(3);
  for (let i = 0; i < 40; i++) {
    const value = request(rnd);
    const expected = viaCanonical(value);
    let seen: unknown;
    let fromPool = false;
    const receipt = await receiveOtlp(
      { signal: 'traces', method: 'POST', contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(value)) },
      {
        maxBodyBytes: 1 << 20,
        bodyPool: pool,
        accept: (_signal, bytes) => {
          fromPool = taken.has(bytes.buffer);
          seen = decodeTraceRequestProtobuf(bytes);
          return { rejected: 0 };
        },
      },
    );
    if ('error' in expected) {
      assert.equal(receipt.outcome, 'invalid', `request ${i}`);
      assert.equal(receipt.message, expected.error);
    } else {
      assert.equal(receipt.outcome, 'accepted', `request ${i}`);
      assert.deepEqual(seen, expected.request, `request ${i}`);
      assert.ok(fromPool, `request ${i} was written into a pooled buffer`);
    }
    assert.equal(gives, takes, `request ${i}: every pooled buffer is back`);
  }
  assert.equal(free.length, 1, 'one buffer, reused for every request');
});

test('a buffer too small (even empty) to write into is outgrown, not overrun', () => {
  const value = JSON.parse(spanFixtureText(SPAN_FIXTURES[0]));
  const expected = direct(value);
  for (const into of [new Uint8Array(0), new Uint8Array(3)]) {
    const written = writeTraceRequestJson(value, 0, into);
    assert.notEqual(written.request.buffer, into.buffer);
    assert.deepEqual(decodeTraceRequestProtobuf(written.request), (expected as { request: unknown }).request);
  }
});
