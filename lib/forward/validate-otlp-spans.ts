import type { OtlpTraceRequest } from './otlp-types.js';

/** What validation kept and what it rejected. */
export interface ValidatedRequest {
  request: OtlpTraceRequest;
  rejectedSpans: number;
  errors: string[];
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

function problem(traceId: string, spanId: string, parentSpanId: string): string | null {
  if (!TRACE_ID.test(traceId) || traceId === ZERO_TRACE) return `invalid traceId "${traceId.slice(0, 40)}"`;
  if (!SPAN_ID.test(spanId) || spanId === ZERO_SPAN) return `invalid spanId "${spanId.slice(0, 40)}"`;
  if (parentSpanId !== '' && !SPAN_ID.test(parentSpanId)) return `invalid parentSpanId "${parentSpanId.slice(0, 40)}"`;
  return null;
}

/**
 * Drops spans whose ids are not valid (16-byte trace id, 8-byte span id, neither all zeros), as the OTLP spec
 * allows a receiver to do with partial success. Mutates and returns the request.
 * @example const { rejectedSpans } = filterValidSpans(request);
 */
export function filterValidSpans(request: OtlpTraceRequest): ValidatedRequest {
  let rejectedSpans = 0;
  const errors: string[] = [];
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      let bad = false;
      for (const s of ss.spans) if (problem(s.traceId, s.spanId, s.parentSpanId)) bad = true;
      if (!bad) continue;
      ss.spans = ss.spans.filter((s) => {
        const p = problem(s.traceId, s.spanId, s.parentSpanId);
        if (!p) return true;
        rejectedSpans++;
        if (errors.length < 5) errors.push(p);
        return false;
      });
    }
  }
  return { request, rejectedSpans, errors };
}
