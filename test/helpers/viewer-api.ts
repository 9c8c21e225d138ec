/**
 * Test helpers that read what a viewer received, through its JSON API only (never console output).
 */
import type { StoredSpan, TraceResponse, TracesResponse } from '../../viewer/shared/api-types.js';

/** GETs a viewer API path and parses the JSON, failing loudly on a non-2xx answer. */
export async function getJson<T>(baseUrl: string, path: string): Promise<T> {
  const response = await fetch(new URL(path, baseUrl));
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every span the viewer holds, all traces. */
export async function listAllSpans(baseUrl: string): Promise<StoredSpan[]> {
  const { traces } = await getJson<TracesResponse>(baseUrl, '/api/traces');
  const details = await Promise.all(
    traces.map((trace) => getJson<TraceResponse>(baseUrl, `/api/traces/${trace.traceId}`)),
  );
  return details.flatMap((detail) => detail.spans);
}

/**
 * Polls `probe` until it returns a value other than undefined; fails with `what` and the last probe error
 * after `timeoutMs`. A deadline for arrival, not a timing assertion.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The spans of the viewer's trace that contains a span matching `predicate`, once it has `minSpans` spans. */
export function waitForTraceWith(
  baseUrl: string,
  what: string,
  predicate: (span: StoredSpan) => boolean,
  minSpans = 1,
  timeoutMs?: number,
): Promise<StoredSpan[]> {
  return waitFor(
    what,
    async () => {
      const spans = await listAllSpans(baseUrl);
      const hit = spans.find(predicate);
      if (!hit) return undefined;
      const trace = spans.filter((span) => span.traceId === hit.traceId);
      return trace.length >= minSpans ? trace : undefined;
    },
    timeoutMs,
  );
}

/** A span's direct children, in start order. */
export function childrenOf(spans: StoredSpan[], parent: StoredSpan): StoredSpan[] {
  return spans
    .filter((span) => span.parentSpanId === parent.spanId)
    .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
}

/** Reads a string attribute. */
export const attr = (span: StoredSpan, key: string) => span.attributes[key];

/** Spans whose `gen_ai.operation.name` is `operation`. */
export const byOperation = (spans: StoredSpan[], operation: string) =>
  spans.filter((span) => span.attributes['gen_ai.operation.name'] === operation);
