// The SSE framer against eventsource-parser (the package it replaced, spec-complete) as the model: random streams of
// every kind of line (data, event, id with and without NUL, comments, retry, unknown fields, fields without a colon,
// values with and without the space, non-ASCII), LF, CR and CRLF endings, cut into random chunks (CRLF split across
// two included), must frame into the same events; then the oversize rule, which only ours has.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createParser } from 'eventsource-parser';
import { createSseFramer } from '../../lib/streaming/sse-framer';
import type { StreamEvent } from '../../lib/providers/provider-adapter';

function random(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % n;
  };
}

const LINES = [
  'data: {"a":1}',
  'data:{"b":"x\\ny"}',
  'data',
  'data:',
  'data:  two spaces',
  'data: ünïcødé ✓',
  'event: message_start',
  'event:',
  'event',
  'id: 42',
  'id:',
  'id: a\0b',
  ': keepalive',
  ':',
  'retry: 1000',
  'retry: soon',
  'foo: bar',
  'data: a: b: c',
  '',
  '',
  '',
];
const ENDINGS = ['\n', '\r', '\r\n'];

function stream(next: (n: number) => number): string {
  let text = '';
  const lines = 1 + next(40);
  for (let i = 0; i < lines; i++) text += LINES[next(LINES.length)]! + ENDINGS[next(ENDINGS.length)]!;
  if (next(3) === 0) text += 'data: no blank line at the end';
  return text;
}

function chunks(text: string, next: (n: number) => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + next(next(4) === 0 ? 3 : 40);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

type Seen = { event?: string; data: string; id?: string };

function ours(parts: string[], maxBuffer = 1 << 20): Seen[] {
  const events: Seen[] = [];
  const framer = createSseFramer((e: StreamEvent) => {
    if (e.kind === 'sse') events.push({ event: e.event, data: e.data, id: e.id });
  }, maxBuffer);
  for (const part of parts) framer.feed(part);
  framer.end();
  return events;
}

function model(parts: string[]): Seen[] {
  const events: Seen[] = [];
  const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data, id: e.id }) });
  for (const part of parts) parser.feed(part);
  parser.feed('\n\n'); // what our end() does: a trailing event without its blank line still counts
  return events;
}

test('random streams and chunkings frame as eventsource-parser frames them', () => {
  for (let seed = 1; seed <= 3000; seed++) {
    const next = random(seed);
    const text = stream(next);
    const parts = chunks(text, next);
    assert.deepEqual(ours(parts), model(parts), `seed ${seed}: ${JSON.stringify(parts)}`);
  }
});

test('a CRLF split across chunks is one line end; a lone CR at the end of a chunk is one too', () => {
  assert.deepEqual(ours(['data: a\r', '\n\r', '\ndata: b\r', '\r']), [{ data: 'a', event: undefined, id: undefined }, { data: 'b', event: undefined, id: undefined }]);
});

test('an event held over maxBuffer is skipped up to its blank line, however it is cut; the next one is framed', () => {
  const big = 'x'.repeat(5000);
  for (const [name, text] of [
    ['one long line', `data: ${big}\n\ndata: small\n\n`],
    ['many data lines', `${`data: ${'y'.repeat(90)}\n`.repeat(60)}\ndata: small\n\n`],
    ['CR endings', `data: ${big}\r\rdata: small\r\r`],
  ] as const) {
    for (const size of [1, 7, 100, 999]) {
      const parts: string[] = [];
      for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
      assert.deepEqual(ours(parts, 1000), [{ data: 'small', event: undefined, id: undefined }], `${name}, chunks of ${size}`);
    }
  }
  // Nothing is held of an event that arrives whole in one chunk, so it is framed whatever its size (as before).
  assert.equal(ours([`data: ${big}\n\n`], 1000)[0]?.data, big);
});
