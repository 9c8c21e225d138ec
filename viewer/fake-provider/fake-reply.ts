import type { Scenario } from './scenarios.js';

/** A reply of the fake provider: the body is a list of pieces written one by one (a stream's events, or one JSON). */
export interface FakeReply {
  status: number;
  headers: Record<string, string>;
  chunks: string[];
  /** Wait this long before each piece. */
  delayMs?: number;
  /** Destroy the socket after writing this many pieces (a connection lost half way). */
  destroyAfter?: number;
}

/** What a route handler sees of a request. */
export interface FakeRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined. */
  body: any;
  /** Server-level option for `slow` without an explicit delay. */
  slowDelayMs?: number;
  /** The `x-fake-scenario` header's value (already checked for unknown keywords), if the request had one. */
  scenarioHeader?: string;
  /** A canned answer to put into a text reply instead of the recorded text (see `FakeProviderOptions.answers`). */
  answer?: { text: string; inputTokens: number };
}

/**
 * Replaces every recorded `"model"`/`"modelVersion"` value with the requested model, so replies echo it.
 *
 * @example
 * echoModel('{"model":"gpt-4o-mini-2024-07-18"}', 'my-model'); // '{"model":"my-model"}'
 */
export function echoModel(text: string, model: string): string {
  return text.replace(/("model(?:Version)?"\s*:\s*)"(?:[^"\\]|\\.)*"/g, (_, key: string) => key + JSON.stringify(model));
}

/**
 * Splits recorded SSE text into whole events, each with its own blank-line terminator (LF or CRLF, as recorded).
 *
 * @example
 * splitSse('data: 1\n\ndata: 2\n\n'); // ['data: 1\n\n', 'data: 2\n\n']
 */
export function splitSse(text: string): string[] {
  return text.match(/[\s\S]*?(?:\r\n\r\n|\n\n)/g) ?? [];
}

/**
 * Splits NDJSON into lines, each keeping its newline.
 *
 * @example
 * splitLines('{"a":1}\n{"b":2}\n'); // ['{"a":1}\n', '{"b":2}\n']
 */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n/g) ?? [];
}

/**
 * Repeats the first event that `isDelta` accepts until there are exactly `count` events (the `long` scenario).
 *
 * @example
 * expandEvents(['start', 'delta', 'end'], 5, (e) => e === 'delta'); // ['start', 'delta', 'delta', 'delta', 'end']
 */
export function expandEvents(events: string[], count: number, isDelta: (event: string) => boolean): string[] {
  if (!count || events.length >= count) return events;
  const at = events.findIndex(isDelta);
  if (at < 0) return events;
  const filler = new Array<string>(count - events.length).fill(events[at]);
  return [...events.slice(0, at + 1), ...filler, ...events.slice(at + 1)];
}

/**
 * A streamed reply shaped by the scenario: delays, 200 events, or a socket destroyed half way.
 *
 * @example
 * streamReply(splitSse(text), parseScenario('gpt-4o-mini-slow'), { 'content-type': 'text/event-stream' }, (e) => e.includes('delta'));
 */
export function streamReply(
  events: string[],
  scenario: Scenario,
  headers: Record<string, string>,
  isDelta: (event: string) => boolean,
): FakeReply {
  const chunks = expandEvents(events, scenario.eventCount, isDelta);
  return {
    status: 200,
    headers: { 'cache-control': 'no-cache', ...headers },
    chunks,
    delayMs: scenario.eventDelayMs,
    destroyAfter: scenario.outcome === 'fail-mid-stream' ? Math.max(1, Math.floor(chunks.length / 2)) : undefined,
  };
}

/**
 * A JSON reply; under `fail-mid-stream` only the first half of the bytes arrive before the socket dies.
 *
 * @example
 * jsonReply(readFixture('openai/chat-text.json'), parseScenario('gpt-4o-mini'), { 'content-type': 'application/json' });
 */
export function jsonReply(body: string, scenario: Scenario, headers: Record<string, string>, status = 200): FakeReply {
  const all = { 'content-length': String(Buffer.byteLength(body)), ...headers };
  if (scenario.outcome !== 'fail-mid-stream') return { status, headers: all, chunks: [body] };
  const half = Math.floor(body.length / 2);
  return { status, headers: all, chunks: [body.slice(0, half), body.slice(half)], destroyAfter: 1 };
}

/**
 * An error reply with the provider's JSON body.
 *
 * @example
 * errorReply(500, readFixture('openai/error-500.json'), { 'content-type': 'application/json' });
 */
export function errorReply(status: number, body: string, headers: Record<string, string>): FakeReply {
  return { status, headers: { 'content-length': String(Buffer.byteLength(body)), ...headers }, chunks: [body] };
}

/**
 * The `invalid-key` reply: the provider's recorded authentication error with `{{api_key}}` replaced by the key the
 * request carried (`Authorization: Bearer`, `x-api-key`, `api-key`, `x-goog-api-key` or `?key=`), in full, as some
 * gateways and proxies echo it (the providers themselves mask most of it). Tests use it to prove a key in an error
 * body never reaches a span.
 *
 * @example
 * invalidKeyReply(req, 401, readFixture('openai/error-401.json'), { 'content-type': 'application/json' });
 */
export function invalidKeyReply(req: FakeRequest, status: number, template: string, headers: Record<string, string>): FakeReply {
  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const key =
    header('authorization')?.replace(/^Bearer\s+/i, '') ??
    header('x-api-key') ??
    header('api-key') ??
    header('x-goog-api-key') ??
    req.url.searchParams.get('key') ??
    '';
  // JSON-escaped into the JSON template, so any key (quotes, backslashes) leaves the body valid.
  return errorReply(status, template.replace('{{api_key}}', JSON.stringify(key).slice(1, -1)), headers);
}

/**
 * A random-looking id tail, so repeated requests get distinct request ids.
 *
 * @example
 * `req_${randomId(32)}`;
 */
export function randomId(length = 24): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
  return id;
}
