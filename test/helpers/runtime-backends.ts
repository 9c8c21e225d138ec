/**
 * What every runtime test needs around the program it runs in a foreign runtime: the fake provider and a real viewer
 * in this process, and the checks on what came back (the program's output and the spans the viewer received).
 */
import assert from 'node:assert/strict';
import { createFakeProvider, type FakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';
import { readFixture } from '../../viewer/fake-provider/fixture-files.js';
import { createViewerServer, type ViewerServer } from '../../viewer/server/create-viewer-server.js';
import type { StoredSpan } from '../../viewer/shared/api-types.js';
import { openAiFixtureUsage } from './fixture-usage.js';
import { listAllSpans, waitFor } from './viewer-api.js';

/** The fake provider and the viewer a runtime program talks to. */
export interface RuntimeBackends {
  fake: FakeProvider;
  viewer: ViewerServer;
  close(): Promise<void>;
}

/** Starts the fake provider and a viewer, both on port 0. */
export async function startRuntimeBackends(): Promise<RuntimeBackends> {
  const fake = await createFakeProvider();
  const viewer = await createViewerServer({ port: 0 });
  return {
    fake,
    viewer,
    close: async () => {
      await viewer.close();
      await fake.close();
    },
  };
}

/** What `test/runtimes/apps/openai-calls.mjs` returns. */
export interface OpenAiCallsResult {
  runtime: string;
  patched: boolean;
  untraced: Record<'completion' | 'chunks' | 'rawJson' | 'rawSse', string>;
  traced: Record<'completion' | 'chunks' | 'rawJson' | 'rawSse', string>;
}

/**
 * Checks one runtime's run: the traced results are byte-identical to the untraced ones, and the viewer holds the
 * four chat spans (SDK and raw fetch, streamed and not) of `serviceName` with the exact tokens the fixtures report.
 *
 * @example
 * await checkOpenAiCalls(JSON.parse(stdout), backends.viewer.url, 'bun');
 */
export async function checkOpenAiCalls(result: OpenAiCallsResult, viewerUrl: string, serviceName: string): Promise<StoredSpan[]> {
  assert.equal(result.patched, true, 'init() patched the global fetch');
  for (const key of ['completion', 'chunks', 'rawJson', 'rawSse'] as const) {
    assert.ok(result.untraced[key].length > 100, `${key}: the untraced call returned something`);
    assert.equal(result.traced[key], result.untraced[key], `${key}: traced result byte-identical to the untraced one`);
  }
  assert.match(result.untraced.rawSse, /data: \[DONE\]/);
  const spans = await waitFor(`4 chat spans from ${serviceName}`, async () => {
    const all = (await listAllSpans(viewerUrl)).filter((s) => s.resource.attributes['service.name'] === serviceName);
    return all.length >= 4 ? all : undefined;
  });
  const chats = spans.filter((s) => s.name === 'chat gpt-4o-mini');
  assert.equal(chats.length, 4, spans.map((s) => s.name).join(', '));
  const json = JSON.parse(readFixture('openai/chat-text.json')) as { usage: { prompt_tokens: number; completion_tokens: number } };
  const sse = openAiFixtureUsage('chat-text.sse');
  const streamed = chats.filter((s) => s.attributes['gen_ai.request.stream'] === true);
  const plain = chats.filter((s) => s.attributes['gen_ai.request.stream'] !== true);
  assert.equal(streamed.length, 2);
  assert.equal(plain.length, 2);
  for (const span of plain) {
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], json.usage.prompt_tokens);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], json.usage.completion_tokens);
  }
  for (const span of streamed) {
    assert.equal(span.attributes['gen_ai.usage.input_tokens'], sse.input);
    assert.equal(span.attributes['gen_ai.usage.output_tokens'], sse.output);
    assert.equal(typeof span.attributes['gen_ai.response.time_to_first_chunk'], 'number');
  }
  for (const span of chats) {
    assert.equal(span.attributes['gen_ai.provider.name'], 'openai');
    assert.equal(span.status.code, 0, 'UNSET');
    assert.match(String(span.attributes['gen_ai.output.messages']), /Hello/);
  }
  assert.ok(!JSON.stringify(spans).includes('sk-runtime-secret'), 'the API key never reaches a span');
  return spans;
}
