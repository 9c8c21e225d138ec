import type { StreamEvent } from '../providers/provider-adapter';
import type { StreamFramer } from './stream-framer';

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/**
 * Server-Sent Events framing per the HTML standard's parsing rules: lines end in LF, CR or CRLF (also split across
 * chunks), `:` lines are comments, one space after a field's colon is dropped, `data` lines join with LF, an event is
 * dispatched at a blank line when it has data, `id` holds no NUL, unknown fields and `retry` are ignored. As the
 * `eventsource-parser` package reports them (the tests check every chunking against it): `event` and `id` are the
 * event's own (undefined when it named none). A BOM is the decoder's to strip.
 *
 * At most `maxBuffer` characters of one unfinished event are held (its pending line and data); a larger event is
 * skipped up to its blank line, so one huge event costs us that event only.
 *
 * @example
 * const f = createSseFramer((e) => console.log(e), 1 << 20);
 * f.feed('data: {"x":1}\n\n');
 */
export function createSseFramer(onEvent: (event: StreamEvent) => void, maxBuffer: number): StreamFramer {
  let pending = ''; // the unfinished last line
  let afterCr = false; // the last line ended in CR: a LF first in the next text is its CRLF
  let skipping = false; // inside an oversize event: everything up to its blank line is dropped
  let lineDropped = false; // while skipping, text of the current line was dropped (so its end is no blank line)
  let data: string | undefined;
  let event: string | undefined;
  let id: string | undefined;

  const reset = () => {
    data = event = id = undefined;
  };
  const line = (text: string, start: number, end: number) => {
    if (start === end && !lineDropped) {
      if (data !== undefined && !skipping) onEvent({ kind: 'sse', event, data, id });
      reset();
      skipping = false;
      return;
    }
    lineDropped = false;
    if (skipping || text.charCodeAt(start) === COLON) return;
    let colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    let from = colon + 1;
    if (from < end && text.charCodeAt(from) === SPACE) from++;
    const value = colon < end ? text.slice(from, end) : '';
    switch (text.slice(start, colon)) {
      case 'data':
        data = data === undefined ? value : `${data}\n${value}`;
        break;
      case 'event':
        event = value || undefined;
        break;
      case 'id':
        if (!value.includes('\0')) id = value;
        break;
    }
  };
  const feed = (chunk: string) => {
    let text = pending ? pending + chunk : chunk;
    pending = '';
    let pos = 0;
    if (afterCr && text.charCodeAt(0) === LF) pos = 1;
    afterCr = false;
    const hasCr = text.indexOf('\r', pos) !== -1;
    while (pos < text.length) {
      let end = text.indexOf('\n', pos);
      if (hasCr) {
        const cr = text.indexOf('\r', pos);
        if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      }
      if (end === -1) break;
      line(text, pos, end);
      pos = end + 1;
      if (text.charCodeAt(end) === CR) {
        if (pos === text.length) afterCr = true;
        else if (text.charCodeAt(pos) === LF) pos++;
      }
    }
    if (pos < text.length) {
      if (skipping) lineDropped = true;
      else pending = pos ? text.slice(pos) : text;
    }
    if (!skipping && pending.length + (data?.length ?? 0) > maxBuffer) {
      skipping = true;
      lineDropped = pending !== '';
      pending = '';
      reset();
    }
  };
  return {
    feed,
    // A trailing event without its blank line is still an event for our purposes (some servers end that way).
    end: () => feed('\n\n'),
  };
}
