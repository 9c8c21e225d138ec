import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { StoredSpan } from '../shared/api-types.js';
import type { SpanStore } from './span-store.js';

const HEADER = '{"tracelight":"spans","version":1}';

/** Saves a store to a file and reloads it on start. */
export interface Persistence {
  /** Loads the file into the store (if it exists); returns the number of spans read. */
  load(prepare: (span: StoredSpan) => StoredSpan): Promise<number>;
  /** Writes now if anything changed since the last write. */
  flush(): Promise<void>;
  /** Stops watching the store, after a last flush. */
  close(): Promise<void>;
}

/**
 * Persists a span store to `file` as JSON lines: debounced after changes (default 1 s, at most every 5 s under
 * constant load) and atomic (written to `file.tmp`, then renamed), so a crash never leaves a half-written file.
 * @example const persistence = createPersistence(store, '.tracelight/spans.jsonl'); await persistence.load((s) => s);
 */
export function createPersistence(
  store: SpanStore,
  file: string,
  options: { debounceMs?: number; maxWaitMs?: number; onError?: (error: Error) => void } = {},
): Persistence {
  const debounceMs = options.debounceMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 5000;
  let dirty = false;
  let loading = false;
  let firstDirtyAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | null = null;
  // A big store takes a while to write: wait at least 10x the last write's duration between writes, so saving
  // never takes more than ~10% of the time under constant ingest.
  let lastWriteMs = 0;
  let lastWriteEnd = 0;

  async function write(): Promise<void> {
    dirty = false;
    const started = Date.now();
    const tmp = `${file}.tmp`;
    await mkdir(dirname(file), { recursive: true });
    const out = createWriteStream(tmp, { encoding: 'utf8' });
    try {
      out.write(HEADER + '\n');
      for (const span of store.spans()) {
        if (!out.write(JSON.stringify(span) + '\n')) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      await rename(tmp, file);
      lastWriteEnd = Date.now();
      lastWriteMs = lastWriteEnd - started;
    } catch (error) {
      out.destroy();
      await rm(tmp, { force: true });
      throw error;
    }
  }

  function run(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (writing) return writing.then(() => (dirty ? run() : undefined));
    if (!dirty) return Promise.resolve();
    writing = write()
      .catch((error: Error) => options.onError?.(error))
      .finally(() => {
        writing = null;
      });
    return writing;
  }

  const unsubscribe = store.subscribe(() => {
    if (loading) return;
    const now = Date.now();
    if (!dirty) firstDirtyAt = now;
    dirty = true;
    if (timer) clearTimeout(timer);
    const target = Math.max(lastWriteEnd + lastWriteMs * 10, Math.min(now + debounceMs, firstDirtyAt + maxWaitMs));
    const wait = Math.max(0, target - now);
    timer = setTimeout(() => void run(), wait);
  });

  return {
    async load(prepare) {
      if (!existsSync(file)) return 0;
      loading = true;
      let count = 0;
      try {
        const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
        let batch: StoredSpan[] = [];
        let first = true;
        for await (const line of lines) {
          if (first) {
            first = false;
            if (line !== HEADER) throw new Error(`${file} is not a tracelight persist file`);
            continue;
          }
          if (!line) continue;
          try {
            batch.push(prepare(JSON.parse(line) as StoredSpan));
          } catch {
            continue; // a damaged line loses one span, not the file
          }
          if (batch.length >= 5000) {
            count += batch.length;
            store.add(batch);
            batch = [];
          }
        }
        count += batch.length;
        store.add(batch);
      } finally {
        loading = false;
      }
      return count;
    },
    flush: run,
    async close() {
      unsubscribe();
      await run();
    },
  };
}
