// Runs a real-package sender against the fake provider and a real in-process viewer, and hands each case's spans back
// as `GET /api/traces/:id` serves them. Test helper, not a test file.
import { createFakeProvider, type FakeProvider } from '../../../viewer/fake-provider/create-fake-provider.js';
import { createViewerServer } from '../../../viewer/server/create-viewer-server.js';
import type { StoredSpan, TraceResponse, TracesResponse } from '../../../viewer/shared/api-types.js';
import { readSpanFixture } from '../span-fixtures.js';
import type { CreateSender, Sender } from './sender.js';

/** A sender wired to a viewer. */
export interface LiveSender {
  sender: Sender;
  /** Runs one case and returns the spans of the traces it made, once the viewer holds as many as the fixture has. */
  run(caseName: string): Promise<StoredSpan[]>;
  close(): Promise<void>;
}

async function getJson<T>(base: string, path: string): Promise<T> {
  const res = await fetch(new URL(path, base));
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

/**
 * Starts the fake provider and a viewer on free ports, then the sender exporting to the viewer.
 *
 * @example
 * const live = await startLiveSender('ai-sdk', createAiSdkSender);
 * VIEW_EXPECTATIONS['ai-sdk/embed'](await live.run('embed'));
 */
export async function startLiveSender(id: string, create: CreateSender): Promise<LiveSender> {
  const fake: FakeProvider = await createFakeProvider();
  const viewer = await createViewerServer({ port: 0, forward: null });
  const sender = await create(viewer.otlpUrl);
  return {
    sender,
    async run(caseName) {
      const known = new Set((await getJson<TracesResponse>(viewer.url, '/api/traces')).traces.map((t) => t.traceId));
      await sender.cases[caseName]({ fakeUrl: fake.url });
      const expected = readSpanFixture(`${id}/${caseName}`).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length;
      const deadline = Date.now() + 15_000;
      for (;;) {
        const fresh = (await getJson<TracesResponse>(viewer.url, '/api/traces')).traces.filter((t) => !known.has(t.traceId));
        const spans = (await Promise.all(fresh.map((t) => getJson<TraceResponse>(viewer.url, `/api/traces/${t.traceId}`)))).flatMap((t) => t.spans);
        if (spans.length >= expected) return spans;
        if (Date.now() > deadline) throw new Error(`${id}/${caseName}: ${spans.length} of ${expected} spans reached the viewer`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async close() {
      await sender.shutdown();
      await viewer.close();
      await fake.close();
    },
  };
}
