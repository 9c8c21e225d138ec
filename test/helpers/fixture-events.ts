// Reads a recorded fixture and frames it the way the wire is framed: SSE with eventsource-parser, NDJSON by line,
// Gemini's JSON-array stream element by element. Test helper, not a test file.
import { createParser } from 'eventsource-parser';
import type { RequestInfo, StreamAccumulator, StreamEvent } from '../../lib/providers/provider-adapter.js';
import { readFixture } from '../../viewer/fake-provider/fixture-files.js';

/** The fixture parsed as JSON. */
export function fixtureJson(path: string): any {
  return JSON.parse(readFixture(path));
}

/** SSE events of a fixture, framed by eventsource-parser, fed in small slices to exercise partial lines. */
export function sseEvents(path: string, sliceSize = 37): StreamEvent[] {
  const events: StreamEvent[] = [];
  const parser = createParser({
    onEvent: (e) => events.push(e.id === undefined ? { kind: 'sse', event: e.event, data: e.data } : { kind: 'sse', event: e.event, data: e.data, id: e.id }),
  });
  const text = readFixture(path);
  for (let i = 0; i < text.length; i += sliceSize) parser.feed(text.slice(i, i + sliceSize));
  return events;
}

/** NDJSON lines of a fixture as json events. */
export function ndjsonEvents(path: string): StreamEvent[] {
  return readFixture(path)
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => ({ kind: 'json', value: JSON.parse(line) }));
}

/** A JSON-array stream fixture as json events, one per element. */
export function jsonArrayEvents(path: string): StreamEvent[] {
  return (fixtureJson(path) as unknown[]).map((value) => ({ kind: 'json', value }));
}

/** Pushes all events into the accumulator and returns its result. */
export function accumulate(accumulator: StreamAccumulator, events: StreamEvent[]) {
  for (const event of events) accumulator.push(event);
  return accumulator.finish();
}

/** A request as the core hands it to adapters. */
export function requestInfo(url: string, body: unknown, method = 'POST'): RequestInfo {
  return { url: new URL(url), method, headers: new Headers({ 'content-type': 'application/json' }), body };
}
