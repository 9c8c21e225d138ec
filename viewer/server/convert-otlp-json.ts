import { Worker } from 'node:worker_threads';
import { OtlpDecodeError } from '../../lib/forward/otlp-types.js';
import { otlpJsonToProtobuf, type ConvertedJson } from '../../lib/receive/otlp-json-to-protobuf.js';
import type { OtlpSignal } from '../../lib/receive/otlp-accept.js';
import type { BytesPool } from '../../lib/receive/read-otlp-body.js';

/** Bodies up to this size are converted inline: a worker round trip would cost more than it saves. */
const INLINE_BYTES = 4 * 1024 * 1024;
/** An idle worker is stopped after this long (it costs its own heap). */
const IDLE_MS = 30_000;

/** Converts OTLP JSON bodies to protobuf; big ones on a worker thread. */
export interface JsonConverter {
  /** `pool`: where an inline conversion takes its output buffer (the result says `pooled`). */
  convert(signal: OtlpSignal, body: Uint8Array, pool?: BytesPool): Promise<ConvertedJson>;
  close(): Promise<void>;
}

/**
 * Creates the converter. `JSON.parse` of a big body, and the encoding after it, cannot be split into slices: on the
 * main thread a 30 MB body would stall every other request (the UI, `/api/health`) for a second. A worker thread
 * (started on first need, stopped when idle) does it instead, one body at a time, and the main thread only scans
 * the result.
 * @example const { request } = await converter.convert('traces', body);
 */
export function createJsonConverter(): JsonConverter {
  let worker: Worker | null = null;
  let idle: NodeJS.Timeout | undefined;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (r: ConvertedJson) => void; reject: (e: Error) => void }>();

  function start(): Worker {
    if (worker) return worker;
    // From the build, the worker is its own bundled file next to this one; from source (tests), tsx loads the .ts.
    const fromSource = import.meta.url.endsWith('.ts');
    const url = new URL(fromSource ? './otlp-json-worker.ts' : './otlp-json-worker.js', import.meta.url);
    const w = fromSource
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true })
      : new Worker(url);
    w.on('message', (m: { id: number; result?: ConvertedJson; error?: { name: string; message: string } }) => {
      const p = waiting.get(m.id);
      if (!p) return;
      waiting.delete(m.id);
      if (m.result) p.resolve({ ...m.result, request: new Uint8Array(m.result.request) });
      else p.reject(m.error!.name === 'OtlpDecodeError' ? new OtlpDecodeError(m.error!.message) : new Error(m.error!.message));
      if (!waiting.size) {
        // Nothing pending: the worker must not keep the process alive.
        w.unref();
        idle = setTimeout(stop, IDLE_MS);
        idle.unref();
      }
    });
    w.on('error', (error) => {
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
      worker = null;
    });
    w.unref();
    worker = w;
    return w;
  }

  async function stop(): Promise<void> {
    const w = worker;
    worker = null;
    if (w) await w.terminate();
  }

  return {
    async convert(signal, body, pool) {
      if (body.length <= INLINE_BYTES) return otlpJsonToProtobuf(signal, body, pool);
      if (idle) clearTimeout(idle);
      const w = start();
      const id = nextId++;
      const copy = new Uint8Array(body); // the body's buffer is pooled: the worker gets its own copy
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, signal, body: copy }, [copy.buffer as ArrayBuffer]);
      });
    },
    async close() {
      if (idle) clearTimeout(idle);
      await stop();
    },
  };
}
