import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the recorded wire data lives; the parser tests read the very same files (DESIGN convention 12).
 *
 * @example
 * readFileSync(fixturesDir + 'openai/chat-text.sse', 'utf8');
 */
export const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

const cache = new Map<string, string>();

/**
 * Returns a fixture's text, e.g. `readFixture('openai/chat-text.sse')`. Cached: the server reads each file once.
 *
 * @example
 * const body = readFixture('anthropic/messages-text.json');
 */
export function readFixture(relativePath: string): string {
  let text = cache.get(relativePath);
  if (text === undefined) {
    text = readFileSync(fixturesDir + relativePath, 'utf8');
    cache.set(relativePath, text);
  }
  return text;
}
