import { closeSync, constants, existsSync, fsyncSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** Where each forwarding target has had everything up to: record sequence numbers, by target name. */
export type Watermarks = Record<string, number>;

/** The watermarks file beside a persist file: saved as they move, read back on start. */
export interface WatermarkFile {
  /**
   * The watermarks to resume from. A target the file does not name (or a first start with forwarding) starts at
   * `current`, so turning forwarding on never re-sends the store's history; a damaged file resumes every target from
   * 0 (re-sending what the store holds: duplicates over loss), with a warning.
   */
  read(targets: readonly string[], current: number): Watermarks;
  /** Saves watermarks soon (coalesced); `flush` saves now. */
  save(watermarks: Watermarks): void;
  flush(): void;
}

/**
 * Opens `file` (e.g. `spans.log.forward.json`) for the forwarder's delivery watermarks: written atomically (a `.tmp`
 * renamed over it, 0600, never through a symbolic link), at most every `delayMs`.
 * @example
 * const marks = openWatermarkFile(`${persistFile}.forward.json`, warn);
 * const delivered = marks.read(['traceloop'], journal.nextSeq - 1);
 */
export function openWatermarkFile(file: string, warn: (message: string) => void, delayMs = 500): WatermarkFile {
  let pending: Watermarks | null = null;
  let timer: NodeJS.Timeout | undefined;

  function write(watermarks: Watermarks): void {
    const tmp = `${file}.tmp`;
    try {
      if (existsSync(tmp) || isLink(tmp)) unlinkSync(tmp);
      const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, JSON.stringify({ tracelight: 'forward-watermarks', version: 1, delivered: watermarks }) + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      if (isLink(file)) unlinkSync(file);
      renameSync(tmp, file);
    } catch (error) {
      warn(`could not save forwarding progress to ${file}: ${(error as Error).message}`);
    }
  }

  return {
    read(targets, current) {
      const out: Watermarks = {};
      let saved: Record<string, unknown> | null = null;
      if (existsSync(file)) {
        try {
          if (isLink(file)) throw new Error('it is a symbolic link');
          const parsed = JSON.parse(readFileSync(file, 'utf8')) as { tracelight?: unknown; delivered?: unknown };
          if (parsed?.tracelight !== 'forward-watermarks' || typeof parsed.delivered !== 'object' || parsed.delivered === null) {
            throw new Error('not a forwarding progress file');
          }
          saved = parsed.delivered as Record<string, unknown>;
        } catch (error) {
          warn(`${file} is unreadable (${(error as Error).message}): every target re-sends what the store holds`);
          for (const t of targets) out[t] = 0;
          return out;
        }
      }
      for (const t of targets) {
        const v = saved?.[t];
        out[t] = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, current) : current;
      }
      return out;
    },
    save(watermarks) {
      pending = { ...watermarks };
      timer ??= setTimeout(() => {
        timer = undefined;
        if (pending) write(pending);
        pending = null;
      }, delayMs);
      timer.unref();
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (pending) write(pending);
      pending = null;
    },
  };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
