import { Fifo } from './fifo.js';
import type { OtlpEncoding } from './decode-trace-body.js';

/** One export request's spans as they will go upstream: encoded, ready to be concatenated into a batch. */
export interface QueuedItem {
  /** Protobuf `ExportTraceServiceRequest` bytes, or for JSON the comma-separated `resourceSpans` elements. */
  bytes: Uint8Array;
  encoding: OtlpEncoding;
  spans: number;
  /** Called once when the item is delivered or dropped (the delivery watermark moves on). */
  settle?: () => void;
}

/**
 * A FIFO of encoded items bounded by bytes, counting the batch in flight: while the upstream is down, new spans push
 * the oldest queued ones out (never the batch being retried, so order and "none twice" hold). An item larger than
 * the bound by itself is refused.
 * @example
 * const queue = new ForwardQueue(64 * 1024 * 1024);
 * const dropped = queue.push(item); // count these
 */
export class ForwardQueue {
  private readonly queued = new Fifo<QueuedItem>();
  private inFlight: QueuedItem[] = [];
  private queuedBytes = 0;
  private queuedSpans = 0;
  private inFlightBytes = 0;
  private inFlightSpans = 0;

  constructor(readonly maxBytes: number) {}

  /** Spans queued or in flight. */
  get spans(): number {
    return this.queuedSpans + this.inFlightSpans;
  }

  /** Bytes queued or in flight. */
  get bytes(): number {
    return this.queuedBytes + this.inFlightBytes;
  }

  /** Items waiting (not in flight). */
  get waiting(): number {
    return this.queued.length;
  }

  /** Spans waiting (not in flight). */
  get waitingSpans(): number {
    return this.queuedSpans;
  }

  /** Adds an item; returns what had to go to stay within the bound (oldest first, possibly the item itself). */
  push(item: QueuedItem): QueuedItem[] {
    const dropped: QueuedItem[] = [];
    const size = item.bytes.byteLength;
    if (size + this.inFlightBytes > this.maxBytes) return [item];
    while (this.bytes + size > this.maxBytes) dropped.push(this.removeHead()!);
    this.queued.push(item);
    this.queuedBytes += size;
    this.queuedSpans += item.spans;
    return dropped;
  }

  /**
   * Moves the next batch into flight: consecutive items of one encoding, up to `maxSpans` and `maxBytes` (at least
   * one item). Returns the batch in flight (the same one again while it is not released).
   */
  take(maxSpans: number, maxBytes: number): QueuedItem[] {
    if (this.inFlight.length) return this.inFlight;
    let spans = 0;
    let bytes = 0;
    for (let next = this.queued.peek(); next; next = this.queued.peek()) {
      if (this.inFlight.length && (next.encoding !== this.inFlight[0]!.encoding || spans + next.spans > maxSpans || bytes + next.bytes.byteLength > maxBytes)) break;
      this.removeHead();
      this.inFlight.push(next);
      spans += next.spans;
      bytes += next.bytes.byteLength;
    }
    this.inFlightSpans = spans;
    this.inFlightBytes = bytes;
    return this.inFlight;
  }

  /** Ends the flight of the current batch (delivered or dropped) and returns it. */
  release(): QueuedItem[] {
    const batch = this.inFlight;
    this.inFlight = [];
    this.inFlightBytes = 0;
    this.inFlightSpans = 0;
    return batch;
  }

  /** Removes everything, in flight first, then queued. */
  drain(): QueuedItem[] {
    const all = [...this.release(), ...this.queued.drain()];
    this.queuedBytes = 0;
    this.queuedSpans = 0;
    return all;
  }

  private removeHead(): QueuedItem | undefined {
    const item = this.queued.shift();
    if (item) {
      this.queuedBytes -= item.bytes.byteLength;
      this.queuedSpans -= item.spans;
    }
    return item;
  }
}
