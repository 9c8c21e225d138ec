import type { StreamEvent } from '../providers/provider-adapter.js';
import type { StreamFramer } from './stream-framer.js';

/**
 * Incremental framing of one streamed JSON array (`[{...},\n{...}]`, Gemini's stream without `alt=sse`): each
 * top-level element is emitted as soon as its closing brace arrives, holding only the unfinished element.
 *
 * @example
 * const f = createJsonArrayFramer((e) => console.log(e), 1 << 20);
 * f.feed('[{"a":1},'); f.feed('{"a":2}]');
 */
export function createJsonArrayFramer(onEvent: (event: StreamEvent) => void, maxBuffer: number): StreamFramer {
  let depth = 0; // 0: before the array, 1: between elements, >1: inside an element
  let inString = false;
  let escaped = false;
  let element = ''; // text of the element being read
  let skipping = false; // element exceeded maxBuffer: track structure but keep no text
  return {
    feed(text) {
      let elementStart = depth > 1 ? 0 : -1;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92 /* \ */) escaped = true;
          else if (c === 34 /* " */) inString = false;
          continue;
        }
        if (c === 34) {
          inString = true;
        } else if (c === 123 /* { */ || c === 91 /* [ */) {
          depth++;
          if (depth === 2) {
            elementStart = i;
            element = '';
            skipping = false;
          }
        } else if (c === 125 /* } */ || c === 93 /* ] */) {
          depth--;
          if (depth === 1 && elementStart !== -1) {
            if (!skipping) {
              try {
                onEvent({ kind: 'json', value: JSON.parse(element + text.slice(elementStart, i + 1)) });
              } catch {
                // malformed element: skip it
              }
            }
            element = '';
            elementStart = -1;
          } else if (depth < 0) depth = 0;
        }
      }
      if (depth > 1 && elementStart !== -1 && !skipping) {
        element += text.slice(elementStart);
        if (element.length > maxBuffer) {
          element = '';
          skipping = true;
        }
      }
    },
    end() {
      element = '';
    },
  };
}
