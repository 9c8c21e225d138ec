import type { TraceSummary } from '../../shared/api-types.js';

/** What the trace list is narrowed to. Empty strings mean "any". */
export interface TraceFilter {
  /** Free text, matched case-insensitively against the trace id, root name, service and models. */
  text: string;
  /** Exact model name that one of the trace's spans used. */
  model: string;
  /** Exact service name. */
  service: string;
  /** Only traces with at least one error span. */
  errorsOnly: boolean;
}

/**
 * A filter that lets everything through.
 *
 * @example
 * const f = { ...emptyTraceFilter(), errorsOnly: true };
 */
export function emptyTraceFilter(): TraceFilter {
  return { text: '', model: '', service: '', errorsOnly: false };
}

/**
 * True when no field of the filter narrows anything.
 *
 * @example
 * isEmptyTraceFilter(emptyTraceFilter()); // true
 */
export function isEmptyTraceFilter(f: TraceFilter): boolean {
  return !f.text.trim() && !f.model && !f.service && !f.errorsOnly;
}

/**
 * Builds a predicate for trace summaries from a filter; build it once per filter change, then test each trace.
 *
 * @example
 * const keep = traceMatcher({ text: 'chat', model: '', service: '', errorsOnly: false });
 * traces.filter(keep);
 */
export function traceMatcher(f: TraceFilter): (t: TraceSummary) => boolean {
  const words = f.text.toLowerCase().split(/\s+/).filter(Boolean);
  return (t) => {
    if (f.errorsOnly && !(t.errorCount > 0)) return false;
    if (f.service && t.serviceName !== f.service) return false;
    if (f.model && !t.models.includes(f.model)) return false;
    if (words.length) {
      const hay = `${t.traceId} ${t.name} ${t.serviceName} ${t.models.join(' ')}`.toLowerCase();
      for (const w of words) if (!hay.includes(w)) return false;
    }
    return true;
  };
}
