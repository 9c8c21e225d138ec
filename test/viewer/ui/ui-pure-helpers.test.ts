// Pure helpers of the UI: routes (compare, session), the word diff, media parts in every dialog's shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediaOfPart, isFetchSafe } from '../../../viewer/ui/lib/media-of-part.js';
import { compareRoute, formatRoute, parseRoute, sessionRoute } from '../../../viewer/ui/lib/route.js';
import { diffText } from '../../../viewer/ui/lib/text-diff.js';
import { createWaterfallModel } from '../../../viewer/ui/models/waterfall-model.js';

test('compare and session routes round-trip; unknown hashes are the list', () => {
  const spans = compareRoute({ traceId: 'a', spanId: 'x' }, { traceId: 'b', spanId: 'y' });
  assert.equal(formatRoute(spans), '#/compare/a/x/b/y');
  assert.deepEqual(parseRoute('#/compare/a/x/b/y'), spans);
  assert.deepEqual(parseRoute('#/compare/a/b'), compareRoute({ traceId: 'a', spanId: null }, { traceId: 'b', spanId: null }));
  // A span on one side only compares the traces.
  assert.equal(formatRoute(compareRoute({ traceId: 'a', spanId: 'x' }, { traceId: 'b', spanId: null })), '#/compare/a/b');
  assert.deepEqual(parseRoute('#/session/s%2F7'), sessionRoute('s/7'));
  assert.equal(formatRoute(sessionRoute('s/7')), '#/session/s%2F7');
  assert.deepEqual(parseRoute('#/compare/a'), { traceId: null, spanId: null });
});

test('the word diff gives each side back exactly and trims common ends', () => {
  const left = 'You are terse.\nWhat is the capital of France?';
  const right = 'You are terse.\nWhat is the capital of Italy, please?';
  const d = diffText(left, right);
  assert.equal(d.filter((s) => s.op !== 'add').map((s) => s.text).join(''), left);
  assert.equal(d.filter((s) => s.op !== 'del').map((s) => s.text).join(''), right);
  assert.deepEqual(d.filter((s) => s.op !== 'same').map((s) => `${s.op}:${s.text}`), ['del:France?', 'add:Italy, please?']);
  // A middle too big to compare is one replacement, still exact.
  const big = diffText(`x ${'a '.repeat(3000)}`, `y ${'b '.repeat(3000)}`);
  assert.equal(big.filter((s) => s.op !== 'add').map((s) => s.text).join(''), `x ${'a '.repeat(3000)}`);
});

test('media parts from the conventions and the provider shapes', () => {
  const blob = mediaOfPart({ type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBORw0KGgo=' })!;
  assert.deepEqual([blob.kind, blob.mimeType, blob.dataUrl, blob.bytes], ['image', 'image/png', 'data:image/png;base64,iVBORw0KGgo=', 8]);
  const uri = mediaOfPart({ type: 'uri', modality: 'image', uri: 'https://x.test/cat.jpg' })!;
  assert.deepEqual([uri.kind, uri.url, uri.dataUrl], ['image', 'https://x.test/cat.jpg', null]);
  assert.equal(mediaOfPart({ type: 'file', file_id: 'file-1', mime_type: 'application/pdf' })!.kind, 'document');
  assert.equal(mediaOfPart({ type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/' } })!.mimeType, 'image/jpeg');
  assert.equal(mediaOfPart({ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } })!.mimeType, 'audio/wav');
  const anthropic = mediaOfPart({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' } })!;
  assert.deepEqual([anthropic.kind, anthropic.bytes], ['document', 5]);
  assert.equal(mediaOfPart({ type: 'text', content: 'hi' }), null);
  assert.equal(isFetchSafe('https://x.test/a.png', 'http://127.0.0.1:4318'), false);
  assert.equal(isFetchSafe('/api/x.png', 'http://127.0.0.1:4318'), true);
  assert.equal(isFetchSafe('javascript:alert(1)', 'http://127.0.0.1:4318'), false);
});

test('waterfall zoom stays inside the trace and the label width is clamped and remembered', () => {
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  const wf = createWaterfallModel(storage);
  wf.zoomBy(2, 1000);
  assert.deepEqual(wf.zoom.value, { fromMs: 250, toMs: 750 });
  wf.pan(-10, 1000);
  assert.deepEqual(wf.zoom.value, { fromMs: 0, toMs: 500 });
  wf.zoomBy(0.25, 1000);
  assert.equal(wf.zoom.value, null, 'zoomed out past the whole trace is no zoom');
  wf.setLabelWidth(5);
  assert.equal(wf.labelWidth.value, 140);
  assert.equal(createWaterfallModel(storage).labelWidth.value, 140);
});
