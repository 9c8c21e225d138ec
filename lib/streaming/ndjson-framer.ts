import type { StreamEvent } from '../providers/provider-adapter.js';
import type { StreamFramer } from './stream-framer.js';

/**
 * Newline-delimited JSON framing (Ollama's native API). Lines that are not JSON are skipped.
 *
 * @example
 * const f = createNdjsonFramer((e) => console.log(e), 1 << 20);
 * f.feed('{"done":false}\n{"done":true}\n');
 */
export function createNdjsonFramer(onEvent: (event: StreamEvent) => void, maxBuffer: number): StreamFramer {
  let pending = '';
  let skipping = false; // inside an oversize line: drop text until its newline
  const emit = (line: string) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    try {
      onEvent({ kind: 'json', value: JSON.parse(trimmed) });
    } catch {
      // not JSON: ignore
    }
  };
  return {
    feed(text) {
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        if (!skipping) emit(pending + text.slice(start, nl));
        pending = '';
        skipping = false;
        start = nl + 1;
      }
      if (skipping) return;
      pending += text.slice(start);
      if (pending.length > maxBuffer) {
        pending = '';
        skipping = true;
      }
    },
    end() {
      if (!skipping) emit(pending);
      pending = '';
    },
  };
}
