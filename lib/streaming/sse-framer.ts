import { createParser } from 'eventsource-parser';
import type { StreamEvent } from '../providers/provider-adapter.js';
import type { StreamFramer } from './stream-framer.js';

/**
 * Server-Sent Events framing via `eventsource-parser` (spec-complete: CRLF, multi-line data, comments, BOM),
 * whose `maxBufferSize` bounds what it holds for one unfinished event.
 *
 * @example
 * const f = createSseFramer((e) => console.log(e), 1 << 20);
 * f.feed('data: {"x":1}\n\n');
 */
export function createSseFramer(onEvent: (event: StreamEvent) => void, maxBuffer: number): StreamFramer {
  // After an oversize event the parser stops; we reset it and skip text up to the next blank line, so one huge
  // event costs us that event only.
  let skipping = false;
  let tail = ''; // last characters skipped, so a blank line split across chunks is still found
  const feed = (text: string) => {
    if (skipping) {
      const joined = tail + text;
      const end = joined.search(/\r?\n\r?\n|\r\r/);
      if (end === -1) {
        tail = joined.slice(-3);
        return;
      }
      skipping = false;
      tail = '';
      text = joined.slice(end).replace(/^(\r?\n|\r)/, '');
    }
    try {
      parser.feed(text);
    } catch {
      parser.reset();
      skipping = true;
    }
  };
  const parser = createParser({
    maxBufferSize: maxBuffer,
    onEvent: (message) => onEvent({ kind: 'sse', event: message.event, data: message.data, id: message.id }),
    // A malformed or oversize event is skipped; the user's bytes are untouched either way.
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') {
        parser.reset();
        skipping = true;
      }
    },
  });
  return {
    feed,
    // A trailing event without its blank line is still an event for our purposes (some servers end that way).
    end: () => feed('\n\n'),
  };
}
