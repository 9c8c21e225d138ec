import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStreamFramer } from '../../lib/streaming/create-stream-framer.js';
import type { StreamEvent, StreamFraming } from '../../lib/providers/provider-adapter.js';

function frameAllSplits(framing: StreamFraming, text: string, maxBuffer?: number): StreamEvent[][] {
  // Every split point must give the same events: chunk boundaries must not matter.
  const results: StreamEvent[][] = [];
  for (let cut = 0; cut <= text.length; cut++) {
    const events: StreamEvent[] = [];
    const framer = createStreamFramer(framing, (e) => events.push(e), maxBuffer);
    framer.feed(text.slice(0, cut));
    framer.feed(text.slice(cut));
    framer.end();
    results.push(events);
  }
  return results;
}

test('SSE framing is independent of chunk boundaries (CRLF, multi-line data, comments, named events)', () => {
  const text = ': keepalive\r\nevent: message_start\r\ndata: {"a":1}\r\n\r\ndata: line1\ndata: line2\n\ndata: {"b":"x\\ny"}\n\n';
  for (const events of frameAllSplits('sse', text)) {
    assert.deepEqual(events, [
      { kind: 'sse', event: 'message_start', data: '{"a":1}', id: undefined },
      { kind: 'sse', event: undefined, data: 'line1\nline2', id: undefined },
      { kind: 'sse', event: undefined, data: '{"b":"x\\ny"}', id: undefined },
    ]);
  }
});

test('NDJSON framing skips junk lines and handles a last line without newline', () => {
  const text = '{"a":1}\nnot json\n\n{"b":[1,2]}\r\n{"c":"}"}';
  for (const events of frameAllSplits('ndjson', text)) {
    assert.deepEqual(events.map((e) => (e as { value: unknown }).value), [{ a: 1 }, { b: [1, 2] }, { c: '}' }]);
  }
});

test('JSON-array framing emits each element incrementally, braces inside strings included', () => {
  const text = '[{"candidates":[{"text":"a}]"}]},\r\n{"x":"\\"{"}\n,{"usage":{"n":3}}]';
  for (const events of frameAllSplits('json-array', text)) {
    assert.deepEqual(events.map((e) => (e as { value: unknown }).value), [
      { candidates: [{ text: 'a}]' }] },
      { x: '"{' },
      { usage: { n: 3 } },
    ]);
  }
  // Emitted before the array closes.
  const seen: StreamEvent[] = [];
  const framer = createStreamFramer('json-array', (e) => seen.push(e));
  framer.feed('[{"a":1},');
  assert.equal(seen.length, 1);
});

test('framers hold at most maxBuffer characters of an unfinished unit and skip oversize ones', () => {
  const big = 'x'.repeat(5000);
  for (const framing of ['ndjson', 'json-array', 'sse'] as const) {
    const events: StreamEvent[] = [];
    const framer = createStreamFramer(framing, (e) => events.push(e), 1000);
    const unit = (v: string) =>
      framing === 'sse' ? `data: {"v":"${v}"}\n\n` : framing === 'ndjson' ? `{"v":"${v}"}\n` : `{"v":"${v}"},`;
    if (framing === 'json-array') framer.feed('[');
    const oversize = unit(big);
    for (let i = 0; i < oversize.length; i += 100) framer.feed(oversize.slice(i, i + 100));
    framer.feed(unit('small'));
    framer.end();
    const values = events.map((e) => (e.kind === 'sse' ? JSON.parse(e.data) : e.value));
    assert.deepEqual(values, [{ v: 'small' }], framing);
  }
});
