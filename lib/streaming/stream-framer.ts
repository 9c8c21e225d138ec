import type { StreamEvent, StreamFraming } from '../providers/provider-adapter';
import { createSseFramer } from './sse-framer';
import { createNdjsonFramer } from './ndjson-framer';
import { createJsonArrayFramer } from './json-array-framer';

/** Turns decoded text of a streamed body into framed events. Never throws; gives up quietly on malformed input. */
export interface StreamFramer {
  /** Feeds the next piece of decoded text. */
  feed(text: string): void;
  /** Flushes whatever complete unit is left at the end of the stream. */
  end(): void;
}

/** Upper bound on text a framer holds while waiting for the end of one event/line/element (per stream). */
export const MAX_FRAME_BUFFER = 4 * 1024 * 1024;

/**
 * Creates the framer for a wire framing. Each framer holds at most `maxBuffer` characters of an unfinished unit;
 * a unit larger than that is skipped, so a misbehaving server cannot make us buffer without bound.
 *
 * @example
 * const framer = createStreamFramer('ndjson', (e) => console.log(e));
 * framer.feed('{"a":1}\n{"b"'); framer.feed(':2}\n'); framer.end();
 */
export function createStreamFramer(
  framing: StreamFraming,
  onEvent: (event: StreamEvent) => void,
  maxBuffer: number = MAX_FRAME_BUFFER,
): StreamFramer {
  if (framing === 'sse') return createSseFramer(onEvent, maxBuffer);
  if (framing === 'json-array') return createJsonArrayFramer(onEvent, maxBuffer);
  return createNdjsonFramer(onEvent, maxBuffer);
}
