import type { OtlpTraceRequest } from './otlp-types.js';

/** What validation kept and what it rejected. */
export interface ValidatedRequest {
  request: OtlpTraceRequest;
  rejectedSpans: number;
  errors: string[];
}

/** An id as lowercase hex (the canonical form) or as the raw bytes of a protobuf message. */
export type OtlpId = string | Uint8Array;

const HEX = /^[0-9a-f]*$/;

function byteLength(id: OtlpId): number {
  if (typeof id !== 'string') return id.length;
  return HEX.test(id) && id.length % 2 === 0 ? id.length / 2 : -1;
}

function isZero(id: OtlpId): boolean {
  if (typeof id === 'string') return /^0*$/.test(id);
  for (let i = 0; i < id.length; i++) if (id[i] !== 0) return false;
  return true;
}

function shown(id: OtlpId): string {
  if (typeof id === 'string') return id.slice(0, 40);
  let hex = '';
  for (let i = 0; i < Math.min(id.length, 20); i++) hex += id[i].toString(16).padStart(2, '0');
  return hex;
}

/**
 * The one rule for a valid span, shared by every receiver (the viewer's store checks ids in protobuf bytes, the relay
 * in decoded requests): a 16-byte trace id and an 8-byte span id, neither all zeros, and a parent span id that is
 * empty or 8 bytes. Returns the reason a span is invalid, or null.
 * @example spanIdsProblem(traceIdBytes, spanIdBytes, new Uint8Array(0)) // null
 */
export function spanIdsProblem(traceId: OtlpId, spanId: OtlpId, parentSpanId: OtlpId): string | null {
  if (byteLength(traceId) !== 16 || isZero(traceId)) return `invalid traceId "${shown(traceId)}"`;
  if (byteLength(spanId) !== 8 || isZero(spanId)) return `invalid spanId "${shown(spanId)}"`;
  const parent = byteLength(parentSpanId);
  if (parent !== 0 && parent !== 8) return `invalid parentSpanId "${shown(parentSpanId)}"`;
  return null;
}

/**
 * Drops spans whose ids are not valid (`spanIdsProblem`), as the OTLP spec allows a receiver to do with partial
 * success. Mutates and returns the request.
 * @example const { rejectedSpans } = filterValidSpans(request);
 */
export function filterValidSpans(request: OtlpTraceRequest): ValidatedRequest {
  let rejectedSpans = 0;
  const errors: string[] = [];
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      let bad = false;
      for (const s of ss.spans) if (spanIdsProblem(s.traceId, s.spanId, s.parentSpanId)) bad = true;
      if (!bad) continue;
      ss.spans = ss.spans.filter((s) => {
        const p = spanIdsProblem(s.traceId, s.spanId, s.parentSpanId);
        if (!p) return true;
        rejectedSpans++;
        if (errors.length < 5) errors.push(p);
        return false;
      });
    }
  }
  return { request, rejectedSpans, errors };
}
