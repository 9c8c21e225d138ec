import { createParser } from 'eventsource-parser';
import type { StreamEvent } from '../providers/provider-adapter';
import type { StreamFramer } from './stream-framer';

/**
 * Server-Sent Events framing via `eventsource-parser` (spec-complete: CRLF, multi-line data, comments, BOM),
 * whose `maxBufferSize` bounds what it holds for one unfinished event.
 *
 * @example
 * const f = createSseFramer((e) => console.log(e), 1 << 20);
 * f.feed('data: {"x":1}\n\n');
 */
export function createSseFramer(onEvent: (event: StreamEvent) => void, maxBuffer: number): StreamFramer {
  const parser = createParser({
    maxBufferSize: maxBuffer,
    onEvent: (message) => onEvent({ kind: 'sse', event: message.event, data: message.data, id: message.id }),
    // A malformed or oversize event is skipped; the user's bytes are untouched either way.
    onError: () => {},
  });
  return {
    feed: (text) => parser.feed(text),
    // A trailing event without its blank line is still an event for our purposes (some servers end that way).
    end: () => parser.feed('\n\n'),
  };
}
