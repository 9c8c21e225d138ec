/**
 * Scenarios of the fake provider. A request chooses one in either of two ways, and they combine:
 *
 * - the `x-fake-scenario` request header: keywords separated by commas or spaces, e.g.
 *   `x-fake-scenario: tools,slow-15`. The model stays a real name (`gpt-4.1`), which is what replies echo and what
 *   the viewer shows and prices. Unknown keywords get a 400 naming them, so a typo never passes silently. The header
 *   is only read: it is never echoed into a reply's headers or body.
 * - keywords anywhere in the model name (for Gemini: the model in the URL path), e.g. `gpt-4o-mini-slow-tools`.
 *   Handy where setting a header is awkward; the reply then echoes that name.
 *
 * When both are given, the header wins for what it sets (outcome, content, delay, length) and the model's keywords
 * fill in the rest.
 *
 * | keyword                | behaviour                                                                          |
 * |------------------------|------------------------------------------------------------------------------------|
 * | (none)                 | normal text reply                                                                  |
 * | `tool` / `tools`       | tool calls; once the last message is a tool result, a final text answer            |
 * | `thinking`/`reasoning` | reply with reasoning (Anthropic thinking, Gemini thoughts, OpenAI reasoning tokens) |
 * | `cached`               | usage reports a prompt-cache hit (Anthropic cache reads and writes, OpenAI `cached_tokens`) |
 * | `refusal`              | OpenAI chat refusal                                                                |
 * | `rate-limit`           | HTTP 429 with `retry-after` and the provider's own error JSON                      |
 * | `server-error`         | HTTP 500 with the provider's own error JSON                                        |
 * | `invalid-key`          | HTTP 401 (Gemini: 400) with the provider's error JSON, echoing the request's key   |
 * | `fail-mid-stream`      | the socket is destroyed after half of the body/events                              |
 * | `stream-error`         | the provider's in-stream error event (Anthropic `error`, Responses `response.failed`) |
 * | `slow` / `slow-<ms>`   | waits before every stream event (default 200 ms, or `eventDelayMs` of the server)  |
 * | `long`                 | a stream of exactly 200 events (the first text delta repeated)                     |
 * | `latency-<ms>`         | waits before sending the response headers (a model's time to first byte), any reply |
 *
 * Embedding routes always answer with an embedding (one vector per input). A request whose last message is a tool
 * result always gets the final text answer, whatever the scenario, so agent loops terminate.
 */

/**
 * The request header that selects a scenario without touching the model name (lowercase, as Node reports it).
 *
 * @example
 * await openai.chat.completions.create({ model: 'gpt-4.1', messages }, { headers: { [SCENARIO_HEADER]: 'tools,slow-15' } });
 */
export const SCENARIO_HEADER = 'x-fake-scenario';

/** What the fake provider does for one request. */
export interface Scenario {
  /** How the reply ends: normally, with an HTTP error, or with a broken socket half way. */
  outcome: 'ok' | 'rate-limit' | 'server-error' | 'invalid-key' | 'fail-mid-stream' | 'stream-error';
  /** Which recorded reply to serve. */
  content: 'text' | 'tools' | 'thinking' | 'refusal';
  /** Restate the reply's usage as a prompt-cache hit (see `usage-rewrite.ts`). */
  cached: boolean;
  /** Delay before each streamed event, in milliseconds (0: as fast as the socket takes them). */
  eventDelayMs: number;
  /** Expand the stream to exactly this many events (0: the recorded number). */
  eventCount: number;
  /** Wait this long before the response headers, whatever the reply (0: answer at once). */
  latencyMs: number;
}

/**
 * The keyword table, exported for the server's `GET /` listing and the README. The same keywords work in the model
 * name and in the `x-fake-scenario` header.
 *
 * @example
 * for (const { keyword, effect } of scenarioKeywords) console.log(keyword, effect);
 */
export const scenarioKeywords: ReadonlyArray<{ keyword: string; effect: string }> = [
  { keyword: 'tool | tools', effect: 'tool calls, then a final answer after a tool result' },
  { keyword: 'thinking | reasoning', effect: 'reply with reasoning content / reasoning tokens' },
  { keyword: 'refusal', effect: 'OpenAI chat refusal' },
  { keyword: 'cached', effect: 'usage reports a prompt-cache hit (Anthropic cache reads and writes, OpenAI cached_tokens)' },
  { keyword: 'rate-limit', effect: 'HTTP 429 with retry-after and the provider error JSON' },
  { keyword: 'server-error', effect: 'HTTP 500 with the provider error JSON' },
  { keyword: 'invalid-key', effect: "HTTP 401 (Gemini 400) with the provider error JSON, echoing the request's key in full" },
  { keyword: 'fail-mid-stream', effect: 'socket destroyed after half of the body or events' },
  { keyword: 'stream-error', effect: "the provider's in-stream error event" },
  { keyword: 'slow | slow-<ms>', effect: 'delay before every stream event (default 200 ms)' },
  { keyword: 'long', effect: 'a stream of exactly 200 events' },
  { keyword: 'latency-<ms>', effect: 'wait before the response headers (time to first byte), for any reply' },
];

/**
 * The default delay of `slow` when neither the model name nor the server options give one.
 *
 * @example
 * parseScenario('m-slow').eventDelayMs === DEFAULT_SLOW_DELAY_MS; // true
 */
export const DEFAULT_SLOW_DELAY_MS = 200;

/**
 * The event count of the `long` scenario.
 *
 * @example
 * parseScenario('m-long').eventCount === LONG_STREAM_EVENTS; // true
 */
export const LONG_STREAM_EVENTS = 200;

/** The fields of a scenario that one source of keywords (model name or header) sets. */
type ScenarioParts = Partial<Scenario> & { slow?: number | 'default' };

const HEADER_KEYWORD = /^(?:tools?|thinking|reasoning|refusal|cached|rate-limit|server-error|invalid-key|fail-mid-stream|stream-error|slow(?:-\d+)?|long|latency-\d+)$/;

/**
 * The words of an `x-fake-scenario` header value that are not scenario keywords (empty when all are valid).
 *
 * @example
 * unknownScenarioKeywords('tools, slow-15'); // []
 * unknownScenarioKeywords('tools,sloww'); // ['sloww']
 */
export function unknownScenarioKeywords(header: string): string[] {
  return headerWords(header).filter((word) => !HEADER_KEYWORD.test(word));
}

function headerWords(header: string): string[] {
  return header
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** Keyword matching shared by both sources: substrings, so model names like `gpt-4o-mini-tools-slow-15` work. */
function readKeywords(text: string): ScenarioParts {
  const parts: ScenarioParts = {};
  if (text.includes('rate-limit')) parts.outcome = 'rate-limit';
  else if (text.includes('server-error')) parts.outcome = 'server-error';
  else if (text.includes('invalid-key')) parts.outcome = 'invalid-key';
  else if (text.includes('fail-mid-stream')) parts.outcome = 'fail-mid-stream';
  else if (text.includes('stream-error')) parts.outcome = 'stream-error';
  if (text.includes('tool')) parts.content = 'tools';
  else if (text.includes('thinking') || text.includes('reasoning')) parts.content = 'thinking';
  else if (text.includes('refusal')) parts.content = 'refusal';
  if (text.includes('cached')) parts.cached = true;
  const slow = /slow(?:-(\d+))?/.exec(text);
  if (slow) parts.slow = slow[1] ? Number(slow[1]) : 'default';
  if (text.includes('long')) parts.eventCount = LONG_STREAM_EVENTS;
  const latency = /latency-(\d+)/.exec(text);
  if (latency) parts.latencyMs = Number(latency[1]);
  return parts;
}

/**
 * Reads the scenario from a model name and, when given, the `x-fake-scenario` header value (which wins for what it
 * sets). Header words that are not keywords are ignored here; the server refuses them earlier with a 400.
 *
 * @example
 * parseScenario('gpt-4o-mini-slow-50-tools'); // { outcome: 'ok', content: 'tools', cached: false, eventDelayMs: 50, eventCount: 0, latencyMs: 0 }
 * parseScenario('gpt-4.1', { header: 'tools,latency-300' }).latencyMs; // 300
 */
export function parseScenario(
  model: string | undefined,
  options: { slowDelayMs?: number; header?: string } = {},
): Scenario {
  const fromHeader = options.header
    ? readKeywords(headerWords(options.header).filter((word) => HEADER_KEYWORD.test(word)).join(' '))
    : {};
  const parts = { ...readKeywords((model ?? '').toLowerCase()), ...fromHeader };
  const slow = parts.slow === 'default' ? (options.slowDelayMs ?? DEFAULT_SLOW_DELAY_MS) : (parts.slow ?? 0);
  return {
    outcome: parts.outcome ?? 'ok',
    content: parts.content ?? 'text',
    cached: parts.cached ?? false,
    eventDelayMs: slow,
    eventCount: parts.eventCount ?? 0,
    latencyMs: parts.latencyMs ?? 0,
  };
}
