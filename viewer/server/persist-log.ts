import {
  closeSync,
  constants,
  existsSync,
  fdatasync,
  fstatSync,
  fchmodSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writevSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { StoredSpan } from '../shared/api-types.js';
import {
  RECORD_HEADER_BYTES,
  RecordType,
  decodeResourcePayload,
  encodeResourcePayload,
  readRecordHeader,
  recordIsIntact,
  sealRecord,
  writeRecordHeader,
} from './store/record-format.js';
import type { ResourceEntry } from './store/resource-table.js';
import type { SpanStore } from './span-store.js';

/** The file's first bytes: "TLLOG", a zero, the format version (2; version 1 was JSON lines). */
const FILE_MAGIC = Buffer.from([0x54, 0x4c, 0x4c, 0x4f, 0x47, 0x00, 0x02, 0x00]);
const V1_HEADER = '{"tracelight":"spans","version":1}';
/** A record header's first bytes (see `RECORD_MAGIC`): where a reader of a damaged file picks up again. */
const RECORD_MAGIC_BYTES = Buffer.from([0x54, 0x4c, 0x52, 0x01]);
const READ_CHUNK = 8 * 1024 * 1024;
/** Records copied per step of a background compaction (between steps, ingest runs). */
const COMPACT_STEP_RECORDS = 4096;

/** Thrown when the persist file cannot be used; the message names the file and says why (the CLI prints it). */
export class PersistError extends Error {
  override name = 'PersistError';
}

/** What loading found. */
export interface LoadReport {
  spans: number;
  logRecords: number;
  /** Records skipped because they were damaged or unusable; each warned about with file and position. */
  damaged: number;
}

/** A store's durable log. */
export interface PersistLog {
  /** Reads the file into the store (call once, before serving). */
  load(): LoadReport;
  /**
   * Appends every record the store kept since the last commit, synchronously: call it before acknowledging a
   * request, so that whatever was acknowledged survives a crash of the process. Throws on a write error.
   */
  commit(): void;
  status(): { file: string; bytes: number; loadedSpans: number; damagedRecords: number };
  /** Commits, waits for a compaction in progress to finish, syncs and closes the file. */
  close(): Promise<void>;
}

/** Options of `openPersistLog`. */
export interface PersistLogOptions {
  /** Told about damaged records while loading (file, record number, byte offset, what is wrong). */
  onWarning?: (message: string) => void;
  /** Told about errors of background work (syncing, compacting). */
  onError?: (error: Error) => void;
  /** Compact once the file is this big. Default: 1.5x the store's budget (at least 8 MiB). */
  compactAboveBytes?: number;
  /** How often the file is synced to disk (survives an OS crash, not just a process crash). Default 1 s. */
  syncIntervalMs?: number;
}

function open(file: string, flags: number, mode?: number): number {
  try {
    return openSync(file, flags | constants.O_NOFOLLOW, mode);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ELOOP') throw new PersistError(`${file} is a symbolic link; refusing to write spans through it`);
    throw new PersistError(`cannot open ${file}: ${e.message}`);
  }
}

/**
 * Creates the file's folder (0700) level by level: Node's recursive mkdir never returns for a missing folder under
 * /proc, and a bad path must fail at once.
 */
function makeFolder(dir: string, file: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  try {
    for (const d of missing) mkdirSync(d, { mode: 0o700 });
  } catch (error) {
    throw new PersistError(`cannot create the folder of ${file}: ${(error as Error).message}`);
  }
}

function resourceRecord(entry: ResourceEntry): Buffer {
  const payload = encodeResourcePayload(entry.id, entry.resource, entry.scope);
  const out = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payload.length);
  writeRecordHeader(out, 0, RecordType.resource, payload.length, 0);
  payload.copy(out, RECORD_HEADER_BYTES);
  sealRecord(out, 0);
  return out;
}

function writeAll(fd: number, pieces: Buffer[]): number {
  let total = 0;
  for (const p of pieces) total += p.length;
  let written = 0;
  let queue = pieces.filter((p) => p.length);
  while (queue.length) {
    // writev may write less than asked: continue from where it stopped.
    let n = writevSync(fd, queue.slice(0, 1024));
    written += n;
    const rest: Buffer[] = [];
    for (const p of queue) {
      if (n >= p.length) n -= p.length;
      else {
        rest.push(n ? p.subarray(n) : p);
        n = 0;
      }
    }
    queue = rest;
  }
  return total;
}

/** A file being written: its descriptor, size, and the resources already in it (records refer to them by id). */
interface Target {
  fd: number;
  bytes: number;
  resources: Set<number>;
}

/**
 * Opens `file` as the store's durable log (created 0600, never through a symbolic link) and checks at once that it
 * can be written, so a bad `--persist` path fails at start, not at the first span. The file holds the store's own
 * records (see `record-format.ts`): `commit()` appends what the store just kept, before the request is answered;
 * loading checks each record's checksum, skips damaged ones with a warning naming the file and position, and keeps
 * the rest; the file is compacted in the background (live records copied to `file.tmp`, then renamed over it) so it
 * stays within about 1.5x the store's budget. A version-1 file (JSON lines) is read and rewritten in this format.
 * @example
 * const persist = openPersistLog(store, '.tracelight/spans.log');
 * persist.load();
 * // per request: store.ingestTraces(body); persist.commit(); answer 200
 */
export function openPersistLog(store: SpanStore, file: string, options: PersistLogOptions = {}): PersistLog {
  const journal = store.journal;
  const compactAbove = options.compactAboveBytes ?? Math.max(8 * 1024 * 1024, Math.floor(store.stats().maxBytes * 1.5));
  makeFolder(dirname(file), file);
  // Appends always land at the end; reads give their position.
  const fd = open(file, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600);
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new PersistError(`${file} is not a regular file`);
  }
  // Prompts are sensitive: an existing file readable by others is narrowed to its owner.
  if (stat.mode & 0o077) fchmodSync(fd, 0o600);
  let out: Target = { fd, bytes: stat.size, resources: new Set() };
  let writtenUpTo = journal.nextRecord;
  let loadedSpans = 0;
  let damagedRecords = 0;
  let dirty = false;
  let closed = false;
  let compaction: { done: Promise<void>; abort: boolean } | null = null;

  const warn = (message: string) => options.onWarning?.(message);
  const fail = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));

  const sync = setInterval(() => {
    if (!dirty || closed) return;
    dirty = false;
    fdatasync(out.fd, (error) => error && fail(error));
  }, options.syncIntervalMs ?? 1000);
  sync.unref();

  /** The pieces to write for records `[from, to)`: each resource a record refers to goes before its first user. */
  function piecesFor(target: Target, from: number, to: number): Buffer[] {
    const pieces: Buffer[] = [];
    for (const run of journal.liveRuns(from, to)) {
      let start = 0;
      for (let at = 0; at < run.length; at += RECORD_HEADER_BYTES + run.readUInt32LE(at + 8)) {
        const id = run.readUInt32LE(at + RECORD_HEADER_BYTES);
        if (target.resources.has(id)) continue;
        const entry = journal.resource(id);
        if (!entry) continue;
        if (at > start) pieces.push(run.subarray(start, at));
        pieces.push(resourceRecord(entry));
        target.resources.add(id);
        start = at;
      }
      if (run.length > start) pieces.push(run.subarray(start));
    }
    return pieces;
  }

  function append(target: Target, pieces: Buffer[]): void {
    target.bytes += writeAll(target.fd, pieces);
  }

  function commit(): void {
    if (closed) return;
    const to = journal.nextRecord;
    if (to === writtenUpTo) return;
    const pieces = piecesFor(out, writtenUpTo, to);
    writtenUpTo = to;
    if (!pieces.length) return;
    append(out, pieces);
    dirty = true;
    if (!compaction && out.bytes > compactAbove) startCompaction();
  }

  /** Opens `file.tmp` for a compaction: a leftover (or planted) one is removed, never written through. */
  function openTmp(): { target: Target; tmp: string } {
    const tmp = `${file}.tmp`;
    try {
      lstatSync(tmp);
      unlinkSync(tmp); // removes a symbolic link itself, not its target
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const target: Target = { fd: open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600), bytes: 0, resources: new Set() };
    append(target, [FILE_MAGIC]);
    return { target, tmp };
  }

  /** Makes the compacted file the log: synced, renamed over the old one, appended to from now on. */
  function swapIn(target: Target, tmp: string): void {
    fsyncSync(target.fd);
    renameSync(tmp, file);
    closeSync(out.fd);
    out = target;
    writtenUpTo = journal.nextRecord;
  }

  function abandon(target: Target, tmp: string): void {
    try {
      closeSync(target.fd);
      unlinkSync(tmp);
    } catch {
      // best effort: a leftover file.tmp is removed by the next compaction
    }
  }

  /** Rewrites the file with the live records only, at once (at start, before anything is served). */
  function compactNow(): void {
    const { target, tmp } = openTmp();
    try {
      append(target, piecesFor(target, 0, journal.nextRecord));
      swapIn(target, tmp);
    } catch (error) {
      abandon(target, tmp);
      throw new PersistError(`cannot rewrite ${file}: ${(error as Error).message}`);
    }
  }

  /**
   * Rewrites the file with the live records only, in steps between which ingest goes on (appending to the old file
   * meanwhile, so nothing acknowledged is ever only in the unfinished copy); once caught up, in the same tick, the
   * copy is synced and renamed over the file.
   */
  function startCompaction(): void {
    let opened: { target: Target; tmp: string };
    try {
      opened = openTmp();
    } catch (error) {
      fail(error);
      return;
    }
    const { target, tmp } = opened;
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const c = { target, tmp, cursor: 0, done, abort: false };
    compaction = c;
    const step = () => {
      try {
        if (c.abort || closed) {
          abandon(target, tmp);
          compaction = null;
          finish();
          return;
        }
        const head = journal.nextRecord;
        const to = Math.min(head, c.cursor + COMPACT_STEP_RECORDS);
        append(target, piecesFor(target, c.cursor, to));
        c.cursor = to;
        if (to < head) {
          setImmediate(step);
          return;
        }
        commit();
        swapIn(target, tmp);
        compaction = null;
        finish();
      } catch (error) {
        fail(error);
        abandon(target, tmp);
        compaction = null;
        finish();
      }
    };
    setImmediate(step);
  }

  const unsubscribe = store.subscribe((event) => {
    if (event.type !== 'cleared' || closed) return;
    // Cleared: the file starts over too (record numbers start again at 0).
    if (compaction) compaction.abort = true;
    try {
      ftruncateSync(out.fd, FILE_MAGIC.length);
      out.bytes = FILE_MAGIC.length;
      out.resources.clear();
      writtenUpTo = journal.nextRecord;
      dirty = true;
    } catch (error) {
      fail(error);
    }
  });

  function loadV1(): number {
    // Version 1 kept whole spans as JSON lines. Read them, then rewrite the file in the current format.
    const text = readWhole().toString('utf8');
    const lines = text.split('\n');
    let batch: StoredSpan[] = [];
    let count = 0;
    for (let i = 1; i < lines.length; i++) {
      if (!lines[i]) continue;
      try {
        const span = JSON.parse(lines[i]) as StoredSpan;
        if (!span || typeof span.traceId !== 'string' || typeof span.spanId !== 'string' || !span.resource || !span.scope) {
          throw new Error('not a span');
        }
        batch.push({ ...span, attributes: span.attributes ?? {}, events: span.events ?? [], status: span.status ?? { code: 0 } });
      } catch (error) {
        damagedRecords++;
        warn(`${file}:${i + 1}: skipped a line that is not a stored span (${(error as Error).message.slice(0, 100)})`);
        continue;
      }
      if (batch.length >= 5000) {
        store.add(batch);
        count += batch.length;
        batch = [];
      }
    }
    store.add(batch);
    return count + batch.length;
  }

  function readWhole(): Buffer {
    const size = fstatSync(out.fd).size;
    const buf = Buffer.allocUnsafe(size);
    for (let at = 0; at < size; ) {
      const n = readSync(out.fd, buf, at, size - at, at);
      if (!n) break;
      at += n;
    }
    return buf;
  }

  return {
    load() {
      const report: LoadReport = { spans: 0, logRecords: 0, damaged: 0 };
      const size = out.bytes;
      if (size === 0) {
        append(out, [FILE_MAGIC]);
        return report;
      }
      const head = Buffer.alloc(Math.min(size, V1_HEADER.length));
      readSync(out.fd, head, 0, head.length, 0);
      if (head.toString('utf8') === V1_HEADER) {
        report.spans = loadV1();
        report.damaged = damagedRecords;
        loadedSpans = report.spans;
        // Rewritten in the current format at once (the old file stays until the new one is complete).
        compactNow();
        return report;
      }
      if (size < FILE_MAGIC.length || !head.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC.subarray(0, head.length))) {
        const fdToClose = out.fd;
        closed = true;
        clearInterval(sync);
        unsubscribe();
        closeSync(fdToClose);
        throw new PersistError(`${file} is not a tracelight persist file; refusing to overwrite it`);
      }
      // Read in chunks; a record cut by a chunk's end is completed from the next one.
      let buf = Buffer.alloc(0);
      let bufStart = FILE_MAGIC.length; // file offset of buf[0]
      let at = 0;
      let recordNo = 0;
      let inDamage = false;
      /** Makes `buf[at, at + need)` readable; false when the file ends first. */
      const ensure = (need: number): boolean => {
        if (at + need <= buf.length) return true;
        const keep = buf.subarray(at);
        const fileAt = bufStart + buf.length;
        const more = Math.min(Math.max(READ_CHUNK, need - keep.length), size - fileAt);
        if (more <= 0) return false;
        const next = Buffer.allocUnsafe(keep.length + more);
        keep.copy(next, 0);
        const got = readSync(out.fd, next, keep.length, more, fileAt);
        bufStart += at;
        buf = next.subarray(0, keep.length + got);
        at = 0;
        return need <= buf.length;
      };
      const damaged = (why: string) => {
        report.damaged++;
        if (!inDamage) warn(`${file}: record ${recordNo + 1} at byte ${bufStart + at} is damaged (${why}); skipped up to the next intact record`);
        inDamage = true;
      };
      /** Moves to the next record header after `at` (or the end). */
      const resync = () => {
        for (;;) {
          const next = buf.indexOf(RECORD_MAGIC_BYTES, at + 1);
          if (next >= 0) {
            at = next;
            return;
          }
          at = Math.max(at, buf.length - RECORD_MAGIC_BYTES.length + 1);
          if (!ensure(READ_CHUNK)) {
            if (buf.indexOf(RECORD_MAGIC_BYTES, at + 1) < 0) at = buf.length;
            if (at >= buf.length) return;
          }
        }
      };
      while (ensure(1)) {
        if (!ensure(RECORD_HEADER_BYTES)) {
          damaged('the file ends inside a record header: the viewer stopped while writing it');
          break;
        }
        const header = readRecordHeader(buf, at);
        if (!header) {
          damaged('no record header here');
          resync();
          continue;
        }
        const length = RECORD_HEADER_BYTES + header.payloadLength;
        if (!ensure(length)) {
          damaged('the file ends inside this record: the viewer stopped while writing it');
          break;
        }
        if (!recordIsIntact(buf, at)) {
          damaged('checksum mismatch');
          resync();
          continue;
        }
        inDamage = false;
        recordNo++;
        const payload = buf.subarray(at + RECORD_HEADER_BYTES, at + length);
        if (header.type === RecordType.resource) {
          const r = decodeResourcePayload(payload);
          if (r) journal.restoreResource(r.id, r.resource, r.scope);
          else damaged('unreadable resource record');
        } else {
          const loaded = journal.load(header.type, payload, header.seq);
          if (loaded.ok) {
            if (header.type === RecordType.span) report.spans++;
            else report.logRecords++;
          } else {
            report.damaged++;
            warn(`${file}: record ${recordNo} at byte ${bufStart + at} is unusable (${loaded.reason}); skipped`);
          }
        }
        at += length;
      }
      journal.endLoad();
      loadedSpans = report.spans;
      damagedRecords = report.damaged;
      writtenUpTo = journal.nextRecord;
      // Everything loaded is in the file already; rewrite it when it held damage or garbage (and so that appends
      // never follow a half-written record).
      for (const r of journal.resources()) out.resources.add(r.id);
      if (report.damaged || out.bytes > compactAbove) compactNow();
      return report;
    },
    commit,
    status: () => ({ file, bytes: out.bytes, loadedSpans, damagedRecords }),
    async close() {
      if (closed) return;
      commit();
      if (compaction) await compaction.done;
      closed = true;
      clearInterval(sync);
      unsubscribe();
      try {
        fsyncSync(out.fd);
      } catch (error) {
        fail(error);
      }
      closeSync(out.fd);
    },
  };
}
