const MARK = '"choices":[{"index":0,"delta":{"content":"';
// What may follow the content string in a plain text-delta chunk: the delta closes, `finish_reason` is null, and the
// chunk ends with nothing a span reads (OpenAI's `usage: null`, `obfuscation` padding).
const PLAIN_TAIL = /^\}(?:,"logprobs":null)?,"finish_reason":null(?:,"logprobs":null)?\}\](?:,"usage":null)?(?:,"obfuscation":"[\w+/=-]*")?\}$/;

/**
 * The text of a `chat.completion.chunk` that carries nothing but one text delta of choice 0, read without parsing
 * the whole chunk (most events of a stream are such chunks, and the SDK reading the stream parses each one already).
 * Undefined for any other shape: role, tool calls, refusal, reasoning, finish reason, usage, several choices, a nested
 * object before `choices` (usage, error, `x_groq`), or anything unexpected; those chunks are parsed in full.
 *
 * @example
 * chatContentDelta('{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}'); // 'Hi'
 */
export function chatContentDelta(data: string): string | undefined {
  const at = data.indexOf(MARK);
  // The first nested object must be the choice: nothing before `choices` is left unread.
  if (at === -1 || data.indexOf('{', 1) !== at + 11) return undefined;
  const start = at + MARK.length;
  let end = data.indexOf('"', start);
  let escaped = false;
  while (end !== -1) {
    let slashes = 0;
    for (let i = end - 1; i >= start && data.charCodeAt(i) === 92; i--) slashes++;
    if (slashes % 2 === 0) break;
    escaped = true;
    end = data.indexOf('"', end + 1);
  }
  if (end === -1 || !PLAIN_TAIL.test(data.slice(end + 1))) return undefined;
  if (!escaped && data.lastIndexOf('\\', end) < start) return data.slice(start, end);
  try {
    return JSON.parse(data.slice(start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}
