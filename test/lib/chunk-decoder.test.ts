// The chunk decoder must give exactly what one streaming TextDecoder gives for the whole body, however the bytes are
// split: checked on every split of texts with 2-, 3- and 4-byte characters, a leading BOM and a BOM mid-body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createChunkDecoder } from '../../lib/streaming/chunk-decoder.js';

const texts = ['data: {"content":"héllo wörld"}\n\n', '€ and 😀 in a stream\n', '\ufeffdata: bom first\n\n', 'mid\ufeffbody\n', 'plain ascii\n'];

test('every split of a body decodes to what one streaming decoder gives', () => {
  for (const text of texts) {
    const bytes = new TextEncoder().encode(text);
    const expected = new TextDecoder().decode(bytes); // drops the leading BOM only
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b += 3) {
        const d = createChunkDecoder();
        const got = d.decode(bytes.subarray(0, a)) + d.decode(bytes.subarray(a, b)) + d.decode(bytes.subarray(b)) + d.end();
        assert.equal(got, expected, `${JSON.stringify(text)} split at ${a}, ${b}`);
      }
    }
  }
});

test('a body cut inside a character ends with U+FFFD, as TextDecoder does', () => {
  const bytes = new TextEncoder().encode('ok 😀');
  const d = createChunkDecoder();
  assert.equal(d.decode(bytes.subarray(0, bytes.length - 2)) + d.end(), 'ok \ufffd');
});
