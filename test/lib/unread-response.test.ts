// An LLM response the app never reads still ends its span (issue 10.5): when the Response is garbage-collected, or
// after the unread timeout, whichever comes first, marked `tracelight.response.unread`. Runs in a child process with
// --expose-gc, so collection can be forced; the real openai SDK's `.asResponse()` is the unread response.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

test('unread responses end their spans: collected (SDK raw response, stream) or timed out; a read clone still counts', () => {
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, '../helpers/unread-response-child.ts')], {
    encoding: 'utf8',
    timeout: 90_000,
  });
  assert.equal(result.status, 0, result.stderr);
  const cases = Object.fromEntries(
    result.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .map((c) => [c.case, c]),
  );
  const endMs = (span: { end: string }) => Number(BigInt(span.end) / 1_000_000n);

  const sdk = cases['sdk-raw-response-collected'];
  assert.equal(sdk.status, 200);
  assert.ok(sdk.span, 'the span of a collected response ended long before the 60 s timeout');
  assert.equal(sdk.span.name, 'chat gpt-4o-mini');
  assert.equal(sdk.span.attributes['tracelight.response.unread'], 'garbage_collected');
  assert.equal(sdk.span.attributes['gen_ai.usage.input_tokens'], undefined, 'nothing was read, nothing is made up');
  assert.ok(endMs(sdk.span) <= sdk.headersAt, 'it ends at the response headers, not at collection time');

  const stream = cases['stream-collected'];
  assert.ok(stream.span);
  assert.equal(stream.span.attributes['tracelight.response.unread'], 'garbage_collected');
  assert.equal(stream.span.attributes['gen_ai.request.stream'], true);

  const kept = cases['kept-timeout'];
  assert.ok(kept.span);
  assert.equal(kept.span.attributes['tracelight.response.unread'], 'timeout');
  assert.ok(kept.endedAfterMs >= 400, `ended ${kept.endedAfterMs} ms after the request, not before the 400 ms timeout`);
  assert.ok(endMs(kept.span) <= kept.headersAt);
  assert.equal(kept.readLater, 1, 'the app can still read the body afterwards');

  const clone = cases['clone-read-after-original-collected'];
  assert.equal(clone.endedEarly, false, 'a live clone keeps the response readable: not ended as unread');
  assert.equal(clone.span.attributes['tracelight.response.unread'], undefined);
  assert.equal(typeof clone.span.attributes['gen_ai.usage.output_tokens'], 'number');
});
