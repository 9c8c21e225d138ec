import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveExportConfig } from '../../lib/options/resolve-export-config.js';
import { parseHeaderList } from '../../lib/options/parse-header-list.js';

const resolve = (env: Record<string, string>, options = {}) => resolveExportConfig(options, env, 'http/protobuf');

test('export target: first match wins, in the documented order', () => {
  const all = {
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://a:1/custom',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2/',
    TRACELOOP_BASE_URL: 'https://c.example',
    TRACELOOP_API_KEY: 'tl-key',
  };
  assert.equal(resolve(all).url, 'http://a:1/custom');
  const { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: _a, ...noTraces } = all;
  assert.equal(resolve(noTraces).url, 'http://b:2/v1/traces');
  const { OTEL_EXPORTER_OTLP_ENDPOINT: _b, ...noBase } = noTraces;
  assert.equal(resolve(noBase).url, 'https://c.example/v1/traces');
  const { TRACELOOP_BASE_URL: _c, ...keyOnly } = noBase;
  assert.equal(resolve(keyOnly).url, 'https://api.traceloop.com/v1/traces');
  assert.equal(resolve({}).url, 'http://localhost:4318/v1/traces');
  assert.equal(resolve({}, { endpoint: 'http://viewer:4318' }).url, 'http://viewer:4318/v1/traces');
  assert.equal(resolve({}, { endpoint: 'http://relay/api/otlp' }).url, 'http://relay/api/otlp');
  assert.equal(resolve({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2' }, { endpoint: 'http://viewer:4318' }).url, 'http://b:2/v1/traces');
  assert.equal(resolve({}, { apiKey: 'k' }).url, 'https://api.traceloop.com/v1/traces');
});

test('headers: OTLP and Traceloop lists URL-decoded, Bearer key last', () => {
  const config = resolve({
    OTEL_EXPORTER_OTLP_HEADERS: 'x-team=ai%20lab,bad,=x',
    TRACELOOP_HEADERS: 'x-env=prod',
    TRACELOOP_API_KEY: 'tl-key',
  }, { headers: { 'x-extra': '1' } });
  assert.deepEqual(config.headers, { 'x-team': 'ai lab', 'x-env': 'prod', 'x-extra': '1', Authorization: 'Bearer tl-key' });
  assert.deepEqual(parseHeaderList('a=b%3Dc'), { a: 'b=c' });
});

test('service name: OTEL_SERVICE_NAME, else the option', () => {
  assert.equal(resolve({ OTEL_SERVICE_NAME: 'env-name' }, { serviceName: 'opt' }).serviceName, 'env-name');
  assert.equal(resolve({}, { serviceName: 'opt' }).serviceName, 'opt');
});

test('content capture is off when any switch says false', () => {
  assert.equal(resolve({}).captureContent, true);
  assert.equal(resolve({ TRACELOOP_TRACE_CONTENT: 'false' }).captureContent, false);
  assert.equal(resolve({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'false' }).captureContent, false);
  assert.equal(resolve({}, { captureContent: false }).captureContent, false);
  assert.equal(resolve({ TRACELOOP_TRACE_CONTENT: 'true' }).captureContent, true);
});

test('protocol and export mode', () => {
  assert.equal(resolve({}).protocol, 'http/protobuf');
  assert.equal(resolve({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).protocol, 'http/json');
  assert.equal(resolve({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).protocol, 'http/protobuf');
  assert.equal(resolve({}, { protocol: 'http/json' }).protocol, 'http/json');
  assert.equal(resolve({}).exportMode, 'batch');
  assert.equal(resolve({ TRACELIGHT_EXPORT_MODE: 'immediate' }).exportMode, 'immediate');
});

test('browser config comes from options alone, with the same rules as in Node', async () => {
  const { resolveOptionsConfig } = await import('../../lib/options/resolve-options-config.js');
  const none = resolveOptionsConfig({}, 'http/json');
  assert.deepEqual(none, {
    url: 'http://localhost:4318/v1/traces',
    headers: {},
    serviceName: 'unknown_service',
    protocol: 'http/json',
    exportMode: 'batch',
    captureContent: true,
    maxContentLength: none.maxContentLength,
  });
  assert.equal(resolveOptionsConfig({ endpoint: ' http://viewer:4318/ ' }, 'http/json').url, 'http://viewer:4318/v1/traces');
  assert.equal(resolveOptionsConfig({ endpoint: '/api/otlp' }, 'http/json').url, '/api/otlp');
  const keyed = resolveOptionsConfig({ apiKey: 'k', headers: { 'x-a': '1' }, captureContent: false, exportMode: 'immediate' }, 'http/json');
  assert.equal(keyed.url, 'https://api.traceloop.com/v1/traces');
  assert.deepEqual(keyed.headers, { 'x-a': '1', Authorization: 'Bearer k' });
  assert.equal(keyed.captureContent, false);
  assert.equal(keyed.exportMode, 'immediate');
  // Node and edge go through the same resolver after env: same answer when env is empty.
  assert.deepEqual(resolveExportConfig({ apiKey: 'k', serviceName: 's' }, {}, 'http/json'), resolveOptionsConfig({ apiKey: 'k', serviceName: 's' }, 'http/json'));
});

test('header lists: a malformed escape is kept as written, entries without a key are skipped', () => {
  assert.deepEqual(parseHeaderList('authorization=Bearer 50%off,=x, =y,x-a=%41'), { authorization: 'Bearer 50%off', 'x-a': 'A' });
});
