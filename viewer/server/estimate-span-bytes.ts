import type { AttributeValue, StoredSpan } from '../shared/api-types.js';

// Rough V8 heap cost: an object or array header, a property slot, a string header. Calibrated against RSS in
// bench/viewer-ingest.ts so the byte budget tracks real memory within a small factor.
const OBJECT = 56;
const SLOT = 16;
const STRING = 20;

function valueBytes(v: AttributeValue | unknown): number {
  if (v == null) return 8;
  switch (typeof v) {
    case 'string':
      return STRING + v.length;
    case 'number':
    case 'boolean':
      return SLOT;
    case 'object': {
      let n = OBJECT;
      if (Array.isArray(v)) for (const x of v) n += SLOT + valueBytes(x);
      else for (const k in v as object) n += SLOT + STRING + k.length + valueBytes((v as Record<string, unknown>)[k]);
      return n;
    }
    default:
      return SLOT;
  }
}

/**
 * Estimated heap bytes held by one stored span (its attributes, events and genAi view; resources are shared per
 * batch and not counted). Cheap: one walk over the values, no serialization.
 * @example estimateSpanBytes(span) // 1234
 */
export function estimateSpanBytes(span: StoredSpan): number {
  let n = 420 + span.name.length; // the span object, its ids/timestamps strings, status, scope ref, map entry
  n += valueBytes(span.attributes);
  if (span.events.length) n += valueBytes(span.events);
  if (span.links) n += valueBytes(span.links);
  if (span.genAi) n += valueBytes(span.genAi);
  return n;
}
