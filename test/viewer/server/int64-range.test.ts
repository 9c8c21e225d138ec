// Out-of-range int64 and fixed64 values are refused as partial success, never wrapped into another number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import { httpRequest, postJson } from '../../helpers/http-request.js';
import { hexId, otlpJson } from '../../helpers/otlp-fixtures.js';

test('a start time past 2^64, a negative time or an int attribute past int64 rejects that span only', async () => {
  const viewer = await createViewerServer({ port: 0, forward: null });
  try {
    const traceId = hexId(16);
    const body = otlpJson([{ traceId, name: 'fine' }, { traceId, name: 'too late' }, { traceId, name: 'negative' }, { traceId, name: 'huge int' }]);
    const spans = body.resourceSpans[0].scopeSpans[0].spans as Array<Record<string, unknown>>;
    spans[1].startTimeUnixNano = '18446744073709551617';
    spans[2].endTimeUnixNano = '-5';
    spans[3].attributes = [{ key: 'n', value: { intValue: '9223372036854775808' } }];
    const res = await postJson(viewer.otlpUrl, body);
    assert.equal(res.status, 200);
    assert.equal(res.json().partialSuccess.rejectedSpans, '3');
    assert.match(res.json().partialSuccess.errorMessage, /outside/);
    const trace = (await httpRequest(`${viewer.url}api/traces/${traceId}`)).json();
    assert.deepEqual(trace.spans.map((s: { name: string }) => s.name), ['fine']);
    // The largest fixed64 is fine.
    const edge = otlpJson([{ traceId: hexId(16), name: 'edge' }]);
    (edge.resourceSpans[0].scopeSpans[0].spans[0] as Record<string, unknown>).endTimeUnixNano = '18446744073709551615';
    assert.equal((await postJson(viewer.otlpUrl, edge)).json().partialSuccess, undefined);
  } finally {
    await viewer.close();
  }
});
