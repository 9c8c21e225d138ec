// The span fixtures of test/fixtures/spans: OTLP/HTTP JSON exactly as real instrumentation packages exported it
// (regenerate with `node --import tsx test/senders/capture-span-fixtures.ts`). Test helper, not a test file.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTraceRequestJson } from '../../lib/forward/read-otlp-json.js';
import type { OtlpTraceRequest } from '../../lib/forward/otlp-types.js';
import { keyValuesToAttributes } from '../../viewer/server/store/attribute-values.js';
import type { Attributes, SpanEvent } from '../../viewer/shared/api-types.js';

const dir = fileURLToPath(new URL('../fixtures/spans/', import.meta.url));

/** Every fixture, as `sender/case` (e.g. `ai-sdk/embed`). */
export const SPAN_FIXTURES: readonly string[] = readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(dir + d.name).filter((f) => f.endsWith('.json')).map((f) => `${d.name}/${f.slice(0, -5)}`))
  .sort();

/** A fixture's raw JSON text. */
export function spanFixtureText(name: string): string {
  return readFileSync(`${dir}${name}.json`, 'utf8');
}

/** A fixture read as the viewer reads OTLP JSON. */
export function readSpanFixture(name: string): OtlpTraceRequest {
  const { request, rejectedSpans } = readTraceRequestJson(JSON.parse(spanFixtureText(name)));
  if (rejectedSpans) throw new Error(`${name}: ${rejectedSpans} spans rejected`);
  return request;
}

/** One span of a fixture in the shape the normalizer reads. */
export interface FixtureSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  scope: string;
  startTimeUnixNano: string;
  attributes: Attributes;
  events: SpanEvent[];
}

/** The spans of a request, flattened, attributes and events as plain values. */
export function requestSpans(request: OtlpTraceRequest): FixtureSpan[] {
  return request.resourceSpans.flatMap((rs) =>
    rs.scopeSpans.flatMap((ss) =>
      ss.spans.map((s) => ({
        spanId: s.spanId,
        parentSpanId: s.parentSpanId || null,
        name: s.name,
        scope: ss.scope.name,
        startTimeUnixNano: s.startTimeUnixNano,
        attributes: keyValuesToAttributes(s.attributes),
        events: s.events.map((e) => ({ name: e.name, timeUnixNano: e.timeUnixNano, attributes: keyValuesToAttributes(e.attributes) })),
      })),
    ),
  );
}

/** The spans of a fixture. */
export function fixtureSpans(name: string): FixtureSpan[] {
  return requestSpans(readSpanFixture(name));
}

/** The span of a fixture with this name (throws when there is none, or several and no `index`). */
export function fixtureSpan(name: string, spanName: string, index?: number): FixtureSpan {
  const hits = fixtureSpans(name).filter((s) => s.name === spanName);
  if (!hits.length || (hits.length > 1 && index === undefined)) throw new Error(`${name}: ${hits.length} spans named ${spanName}`);
  return hits[index ?? 0];
}
