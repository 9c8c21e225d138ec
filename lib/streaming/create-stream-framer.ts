import type { StreamEvent, StreamFraming } from '../providers/provider-adapter.js';
import { MAX_FRAME_BUFFER, type StreamFramer } from './stream-framer.js';
import { createSseFramer } from './sse-framer.js';
import { createNdjsonFramer } from './ndjson-framer.js';
import { createJsonArrayFramer } from './json-array-framer.js';

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
