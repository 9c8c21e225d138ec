// The OTLP codecs: the eval-free interpreter must read and write exactly what protobufjs' compiled codecs do; the logs
// JSON reader, encoder and decoder agree; one id rule for spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { getOtlpMessageTypes } from '../../../lib/forward/otlp-message-types.js';
import { interpretDecode, interpretEncode } from '../../../lib/forward/protobuf-interpreter.js';
import { encodeLogsRequestProtobuf, encodeTraceRequestProtobuf } from '../../../lib/forward/encode-otlp-protobuf.js';
import { decodeLogsRequestProtobuf } from '../../../lib/forward/decode-otlp-logs-protobuf.js';
import { decodeTraceRequestProtobuf } from '../../../lib/forward/decode-otlp-protobuf.js';
import { readLogsRequestJson } from '../../../lib/forward/read-otlp-logs-json.js';
import { readTraceRequestJson } from '../../../lib/forward/read-otlp-json.js';
import { spanIdsProblem } from '../../../lib/forward/validate-otlp-spans.js';
import { OtlpDecodeError, type OtlpAnyValue, type OtlpLogRecord, type OtlpLogsRequest } from '../../../lib/forward/otlp-types.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';
import { readOtlpBody } from '../../../lib/receive/read-otlp-body.js';
import { contentCodingOf } from '../../../lib/receive/content-coding.js';
import { deflateSync, gzipSync } from 'node:zlib';

// A small seeded generator, so a failure can be replayed.
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

function randomValue(r: () => number, depth = 0): OtlpAnyValue {
  const pick = Math.floor(r() * (depth > 2 ? 5 : 7));
  switch (pick) {
    case 0:
      return { stringValue: `s${Math.floor(r() * 1e6)}é✓` };
    case 1:
      return { boolValue: r() > 0.5 };
    case 2:
      return { intValue: String(BigInt(Math.floor(r() * 2 ** 31)) * 2n ** 31n * (r() > 0.5 ? -1n : 1n)) };
    case 3:
      return { doubleValue: r() * 1e6 };
    case 4:
      return { bytesValue: randomBytes(Math.floor(r() * 8)).toString('base64') };
    case 5:
      return { arrayValue: { values: [randomValue(r, depth + 1), randomValue(r, depth + 1)] } };
    default:
      return { kvlistValue: { values: [{ key: 'k', value: randomValue(r, depth + 1) }] } };
  }
}

function randomLogs(r: () => number): OtlpLogsRequest {
  const record = (): OtlpLogRecord => ({
    timeUnixNano: String(1700000000000000000n + BigInt(Math.floor(r() * 1e12))),
    observedTimeUnixNano: r() > 0.5 ? String(1800000000000000000n + BigInt(Math.floor(r() * 1e12))) : '0',
    severityNumber: Math.floor(r() * 25),
    severityText: r() > 0.5 ? 'INFO' : undefined,
    body: r() > 0.3 ? randomValue(r) : undefined,
    attributes: [{ key: 'a', value: randomValue(r) }],
    flags: r() > 0.5 ? 1 : undefined,
    traceId: r() > 0.3 ? hexId(16) : '',
    spanId: r() > 0.3 ? hexId(8) : '',
    eventName: r() > 0.5 ? 'gen_ai.choice' : undefined,
  });
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeLogs: [{ scope: { name: 'scope', version: '1', attributes: [] }, logRecords: [record(), record(), record()] }],
      },
    ],
  };
}

test('the interpreter decodes and encodes exactly as the compiled protobufjs codecs (traces and logs, random data)', () => {
  const types = getOtlpMessageTypes();
  const r = rng(42);
  for (let round = 0; round < 50; round++) {
    const spans = otlpJson([{ attributes: { n: Math.floor(r() * 1e9), s: 'x'.repeat(Math.floor(r() * 50)) } }, {}]);
    const traceBytes = encodeTraceRequestProtobuf(readTraceRequestJson(spans).request);
    const logBytes = encodeLogsRequestProtobuf(randomLogs(r));
    for (const [type, bytes] of [[types.request, traceBytes], [types.logsRequest, logBytes]] as const) {
      const compiled = type.toObject(type.decode(bytes), { longs: String, bytes: Array, defaults: true });
      const interpreted = type.toObject(type.fromObject(interpretDecode(type, bytes)), { longs: String, bytes: Array, defaults: true });
      assert.deepEqual(interpreted, compiled, `round ${round}`);
      // Written back by the interpreter, the bytes decode to the same message.
      const rewritten = interpretEncode(type, interpretDecode(type, bytes));
      assert.deepEqual(type.toObject(type.decode(rewritten), { longs: String, bytes: Array, defaults: true }), compiled);
    }
  }
  // Unknown fields are skipped; truncated data throws.
  const withUnknown = new Uint8Array([0xf8, 0x07, 0x01, ...encodeTraceRequestProtobuf(readTraceRequestJson(otlpJson([{}])).request)]);
  assert.equal((interpretDecode(types.request, withUnknown).resourceSpans as unknown[]).length, 1);
  assert.throws(() => interpretDecode(types.request, new Uint8Array([10, 50, 1])));
});

test('logs: JSON variants read like the trace reader, survive protobuf and back, and bad records are counted', () => {
  const traceId = hexId(16);
  const spanId = hexId(8);
  const body = {
    resource_logs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
        scope_logs: [
          {
            scope: { name: 'openai-instr', version: '0.21.0' },
            log_records: [
              {
                time_unix_nano: 1_700_000_000_000_000_000,
                observed_time_unix_nano: '1700000000000000001',
                severity_number: 'SEVERITY_NUMBER_INFO',
                severity_text: 'INFO',
                event_name: 'gen_ai.user.message',
                body: { kvlist_value: { values: [{ key: 'content', value: { string_value: 'Hi' } }] } },
                attributes: [{ key: 'gen_ai.system', value: { stringValue: 'openai' } }],
                trace_id: Buffer.from(traceId, 'hex').toString('base64'),
                span_id: spanId.toUpperCase(),
              },
              { timeUnixNano: 'soon' },
              { traceId: 'abc', body: { stringValue: 'x' } },
              { severityNumber: 'SEVERITY_NUMBER_WARN3', body: { stringValue: 'plain' } },
            ],
          },
        ],
      },
    ],
  };
  const read = readLogsRequestJson(body);
  assert.equal(read.rejectedLogRecords, 1);
  assert.match(read.errors[0], /timeUnixNano must be an integer/);
  const [first, , warn] = read.request.resourceLogs[0].scopeLogs[0].logRecords;
  assert.equal(first.traceId, traceId);
  assert.equal(first.spanId, spanId);
  assert.equal(first.severityNumber, 9);
  assert.equal(warn.severityNumber, 15);
  assert.equal(first.timeUnixNano, '1700000000000000000');
  const decoded = decodeLogsRequestProtobuf(encodeLogsRequestProtobuf(read.request));
  const again = decoded.resourceLogs[0].scopeLogs[0].logRecords;
  assert.deepEqual(again[0], first);
  assert.equal(decoded.resourceLogs[0].resource.attributes[0].value.stringValue, 'snake');
  assert.deepEqual(decoded.resourceLogs[0].scopeLogs[0].scope, { name: 'openai-instr', version: '0.21.0', attributes: [] });
  assert.throws(() => readLogsRequestJson({ resourceLogs: 5 }), OtlpDecodeError);
  assert.throws(() => decodeLogsRequestProtobuf(new Uint8Array([10, 50])), OtlpDecodeError);
});

test('one id rule for spans, in hex or in bytes', () => {
  const t = randomBytes(16);
  const s = randomBytes(8);
  for (const [trace, span, parent] of [
    [t, s, new Uint8Array(0)],
    [t, s, randomBytes(8)],
    [new Uint8Array(16), s, new Uint8Array(0)],
    [t, new Uint8Array(8), new Uint8Array(0)],
    [randomBytes(15), s, new Uint8Array(0)],
    [t, randomBytes(9), new Uint8Array(0)],
    [t, s, randomBytes(4)],
  ] as const) {
    const bytes = spanIdsProblem(trace, span, parent);
    const hex = spanIdsProblem(Buffer.from(trace).toString('hex'), Buffer.from(span).toString('hex'), Buffer.from(parent).toString('hex'));
    assert.equal(bytes, hex);
  }
  assert.equal(spanIdsProblem(hexId(16), hexId(8), ''), null);
  assert.match(spanIdsProblem('xyz', hexId(8), '')!, /invalid traceId "xyz"/);
});

test('body reader: gzip, x-gzip, deflate and identity from bytes, Web streams and async iterables, capped after decompression', async () => {
  const text = Buffer.from('{"resourceSpans":[]}'.repeat(100));
  const stream = (bytes: Uint8Array) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.subarray(i, i + 7));
        c.close();
      },
    });
  async function* iterable(bytes: Uint8Array) {
    for (let i = 0; i < bytes.length; i += 11) yield bytes.subarray(i, i + 11);
  }
  for (const header of ['gzip', 'x-gzip', 'deflate', 'identity', undefined]) {
    const coding = contentCodingOf(header)!;
    const sent = coding === 'gzip' ? gzipSync(text) : coding === 'deflate' ? deflateSync(text) : text;
    for (const source of [sent, stream(sent), iterable(sent)]) {
      const { bytes } = await readOtlpBody(source, { coding, maxBytes: text.length });
      assert.equal(Buffer.from(bytes).toString(), text.toString(), `${header}`);
      await assert.rejects(readOtlpBody(coding === 'identity' ? sent : gzipSync(text), { coding: coding === 'identity' ? 'identity' : 'gzip', maxBytes: text.length - 1 }), { status: 413 });
    }
  }
  assert.equal(contentCodingOf('br'), null);
  await assert.rejects(readOtlpBody(Buffer.from('not gzip'), { coding: 'gzip', maxBytes: 1000 }), { status: 400 });
  await assert.rejects(readOtlpBody(stream(text), { coding: 'identity', maxBytes: 10, declaredLength: 11 }), { status: 413 });
});
