/**
 * Scenarios of the fake provider, chosen by keywords in the request's model name (for Gemini: the model in the URL
 * path). Keywords combine: `gpt-4o-mini-slow-tools` streams the tool-call fixture slowly.
 *
 * | keyword in model       | behaviour                                                                          |
 * |------------------------|------------------------------------------------------------------------------------|
 * | (none)                 | normal text reply                                                                  |
 * | `tool`                 | tool calls; once the last message is a tool result, a final text answer            |
 * | `thinking`/`reasoning` | reply with reasoning (Anthropic thinking, Gemini thoughts, OpenAI reasoning tokens) |
 * | `refusal`              | OpenAI chat refusal                                                                |
 * | `rate-limit`           | HTTP 429 with `retry-after` and the provider's own error JSON                      |
 * | `server-error`         | HTTP 500 with the provider's own error JSON                                        |
 * | `fail-mid-stream`      | the socket is destroyed after half of the body/events                              |
 * | `stream-error`         | the provider's in-stream error event (Anthropic `error`, Responses `response.failed`) |
 * | `slow` / `slow-<ms>`   | waits before every stream event (default 200 ms, or `eventDelayMs` of the server)  |
 * | `long`                 | a stream of exactly 200 events (the first text delta repeated)                     |
 *
 * Embedding routes always answer with an embedding (one vector per input). A request whose last message is a tool
 * result always gets the final text answer, whatever the model, so agent loops terminate.
 */

/** What the fake provider does for one request. */
export interface Scenario {
  /** How the reply ends: normally, with an HTTP error, or with a broken socket half way. */
  outcome: 'ok' | 'rate-limit' | 'server-error' | 'fail-mid-stream' | 'stream-error';
  /** Which recorded reply to serve. */
  content: 'text' | 'tools' | 'thinking' | 'refusal';
  /** Delay before each streamed event, in milliseconds (0: as fast as the socket takes them). */
  eventDelayMs: number;
  /** Expand the stream to exactly this many events (0: the recorded number). */
  eventCount: number;
}

/**
 * The keyword table, exported for the CLI's `GET /` listing and the README.
 *
 * @example
 * for (const { keyword, effect } of scenarioKeywords) console.log(keyword, effect);
 */
export const scenarioKeywords: ReadonlyArray<{ keyword: string; effect: string }> = [
  { keyword: 'tool', effect: 'tool calls, then a final answer after a tool result' },
  { keyword: 'thinking | reasoning', effect: 'reply with reasoning content / reasoning tokens' },
  { keyword: 'refusal', effect: 'OpenAI chat refusal' },
  { keyword: 'rate-limit', effect: 'HTTP 429 with retry-after and the provider error JSON' },
  { keyword: 'server-error', effect: 'HTTP 500 with the provider error JSON' },
  { keyword: 'fail-mid-stream', effect: 'socket destroyed after half of the body or events' },
  { keyword: 'stream-error', effect: "the provider's in-stream error event" },
  { keyword: 'slow | slow-<ms>', effect: 'delay before every stream event (default 200 ms)' },
  { keyword: 'long', effect: 'a stream of exactly 200 events' },
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

/**
 * Reads the scenario from a model name.
 *
 * @example
 * parseScenario('gpt-4o-mini-slow-50-tools'); // { outcome: 'ok', content: 'tools', eventDelayMs: 50, eventCount: 0 }
 */
export function parseScenario(model: string | undefined, options: { slowDelayMs?: number } = {}): Scenario {
  const m = (model ?? '').toLowerCase();
  const outcome: Scenario['outcome'] = m.includes('rate-limit')
    ? 'rate-limit'
    : m.includes('server-error')
      ? 'server-error'
      : m.includes('fail-mid-stream')
        ? 'fail-mid-stream'
        : m.includes('stream-error')
          ? 'stream-error'
          : 'ok';
  const content: Scenario['content'] = m.includes('tool')
    ? 'tools'
    : m.includes('thinking') || m.includes('reasoning')
      ? 'thinking'
      : m.includes('refusal')
        ? 'refusal'
        : 'text';
  const slow = /slow(?:-(\d+))?/.exec(m);
  const eventDelayMs = slow ? (slow[1] ? Number(slow[1]) : (options.slowDelayMs ?? DEFAULT_SLOW_DELAY_MS)) : 0;
  return { outcome, content, eventDelayMs, eventCount: m.includes('long') ? LONG_STREAM_EVENTS : 0 };
}
