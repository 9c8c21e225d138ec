// Shared setup for the SDK integration tests: a real OTLP sink, the fake provider, and the library's real exporter.
// Test helper, not a test file. One init per test file: node --test runs each file in its own process.
import { flush, init, shutdown, type OtlpProtocol } from '../../lib/node.js';
import { createFakeProvider, type FakeProvider } from '../../viewer/fake-provider/create-fake-provider.js';
import { readFixture } from '../../viewer/fake-provider/fixture-files.js';
import { createOtlpSink, type OtlpSink, type SinkSpan } from './otlp-sink.js';

export interface Harness {
  sink: OtlpSink;
  fake: FakeProvider;
  /** Marks the Tracelight spans received so far; pass the mark to `spansSince`. */
  mark(): number;
  /** Flushes and waits for `count` new Tracelight spans after `mark`, in arrival order. */
  spansSince(mark: number, count?: number): Promise<SinkSpan[]>;
  close(): Promise<void>;
}

// Some SDKs (@anthropic-ai/sdk 1.x) emit their own OTel spans once a global tracer provider exists; we assert ours.
const ours = (sink: OtlpSink) => sink.spans().filter((span) => span.scope.name === 'tracelight');

/** Starts the sink and fake provider and calls the real `init` (immediate export, fetch not patched). */
export async function startHarness(protocol?: OtlpProtocol): Promise<Harness> {
  const sink = await createOtlpSink();
  const fake = await createFakeProvider({ eventDelayMs: 20 });
  init({ endpoint: sink.url, exportMode: 'immediate', patchFetch: false, protocol, serviceName: 'integration-test' });
  return {
    sink,
    fake,
    mark: () => ours(sink).length,
    async spansSince(mark, count = 1) {
      await flush();
      const deadline = Date.now() + 10_000;
      while (ours(sink).length < mark + count) {
        if (Date.now() > deadline) throw new Error(`expected ${mark + count} tracelight spans, got ${ours(sink).length}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return ours(sink).slice(mark, mark + count);
    },
    async close() {
      await shutdown();
      await fake.close();
      await sink.close();
    },
  };
}

/** A recorded fixture parsed as JSON (token counts in assertions come from here, not from literals). */
export function fixture(path: string): any {
  return JSON.parse(readFixture(path));
}

/** The JSON data of the SSE events of a fixture whose data is an object (skips `[DONE]` and the like). */
export function fixtureSseData(path: string): any[] {
  return readFixture(path)
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)));
}

/** A content attribute (JSON string) parsed back. */
export function jsonAttribute(span: SinkSpan, key: string): any {
  const value = span.attributes[key];
  return typeof value === 'string' ? JSON.parse(value) : undefined;
}

/** The caught error of a promise (or a marker if it did not reject). */
export async function caught(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<any> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error;
  }
  return new Error('did not reject');
}
