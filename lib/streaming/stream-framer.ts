/** Turns decoded text of a streamed body into framed events. Never throws; gives up quietly on malformed input. */
export interface StreamFramer {
  /** Feeds the next piece of decoded text. */
  feed(text: string): void;
  /** Flushes whatever complete unit is left at the end of the stream. */
  end(): void;
}

/** Upper bound on text a framer holds while waiting for the end of one event/line/element (per stream). */
export const MAX_FRAME_BUFFER = 4 * 1024 * 1024;
