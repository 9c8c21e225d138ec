import { Fifo } from './fifo.js';

interface Entry {
  mark: number | undefined;
  settled: boolean;
}

/**
 * Tracks which enqueued marks are settled (delivered, or dropped and counted) and reports the highest mark below
 * which everything is settled, in order: what a durable store can persist and resume after.
 * @example
 * const watermark = new DeliveryWatermark((mark) => save(mark));
 * const settle = watermark.track(17);
 * settle(); // save(17) once everything tracked before 17 is settled too
 */
export class DeliveryWatermark {
  private readonly entries = new Fifo<Entry>();

  /** @param value the watermark restored from an earlier run (marks up to it count as settled). */
  constructor(
    private readonly onAdvance: (mark: number) => void,
    public value: number | undefined = undefined,
  ) {}

  /** Whether this mark was settled by an earlier run (the caller skips it). */
  covers(mark: number | undefined): boolean {
    return mark !== undefined && this.value !== undefined && mark <= this.value;
  }

  /** Starts tracking one item; returns the function that settles it (idempotent). */
  track(mark: number | undefined): () => void {
    const entry: Entry = { mark, settled: false };
    this.entries.push(entry);
    return () => {
      if (entry.settled) return;
      entry.settled = true;
      this.advance();
    };
  }

  private advance(): void {
    let moved: number | undefined;
    for (let head = this.entries.peek(); head?.settled; head = this.entries.peek()) {
      this.entries.shift();
      if (head.mark !== undefined && (this.value === undefined || head.mark > this.value)) moved = head.mark;
    }
    if (moved === undefined) return;
    this.value = moved;
    this.onAdvance(moved);
  }
}
