import type { StoredSpan, TraceSummary } from '../../shared/api-types.js';
import type { SpanStore } from '../span-store.js';
import { includesFolded, prefilterNeedle } from './ascii-prefilter.js';
import { createContentFence } from './content-fence.js';
import { byteLength, fitHard } from './fit-budget.js';
import { formatCount, formatTime, oneLine } from './format-values.js';
import { QueryArgumentError, resolveOptions, type QueryOptions, type QueryResult } from './query-options.js';
import { contentFields, sameContentKey } from './span-fields.js';
import { describeFilter, traceFilterOfArgs, type TraceFilterArgs } from './trace-filter-args.js';

/** Arguments of `search`. */
export interface SearchArgs extends Omit<TraceFilterArgs, 'query'> {
  /** The text to find (case-insensitive). */
  text: string;
  /** Matching spans per result (default 20). */
  limit?: number;
  /** The cursor a previous result gave, to continue with older matches. */
  cursor?: string;
}

/** One match in a field: where, and the text around it. */
export interface SearchMatch {
  path: string;
  label: string;
  /** Character offset of the match in the field (for `get_span` with `field` and `offset`). */
  offset: number;
  /** The snippet, and whether text was left out before and after it. */
  snippet: string;
  cutBefore: boolean;
  cutAfter: boolean;
}

/** One matching span. */
export interface SearchHit {
  traceId: string;
  traceName: string;
  spanId: string;
  spanName: string;
  startTimeUnixNano: string;
  matches: SearchMatch[];
  /** Matches in this span not shown as snippets (after the first few per field). */
  moreMatches: number;
  /** Fields of this span that matched but hold content an earlier span of the trace matched with (resent history). */
  repeatedMatches: number;
}

/** The data of a `search` result. */
export interface SearchResult {
  /** The text searched for. */
  query: string;
  hits: SearchHit[];
  /** Traces matching the filters in all, and how many of them (newest first) this result looked through. */
  traces: number;
  scannedTraces: number;
  /** Traces the byte prefilter skipped without decoding them (they cannot match). */
  skippedTraces: number;
  /** Spans left out because they matched only in conversation history an earlier span of their trace matched in. */
  repeatedSpans: number;
  /** Cursor to continue with older matches; null when every trace was searched. */
  next: string | null;
  /** Why the result stopped before the end: the limit of matching spans, the byte budget, or the scan cap. */
  stoppedBy: 'limit' | 'budget' | 'scan-cap' | null;
}

export const DEFAULT_SEARCH_LIMIT = 20;
/** Traces listed per store query while scanning. */
const PAGE = 500;
/** Spans decoded at most per result: keeps a search without a usable prefilter to a few seconds; the cursor goes on. */
const MAX_DECODED_SPANS = 25_000;
/** Snippet context on each side of a match, and snippets per field. */
const CONTEXT = 80;
const SNIPPETS_PER_FIELD = 3;

interface Position {
  /** Cursor of the store page the trace is on ('' for the first page), the trace, and the first span to look at. */
  page: string;
  traceId: string;
  span: number;
}

const encodeCursor = (p: Position) => `${p.page || '-'}.${p.traceId}.${p.span}`;

function decodeCursor(cursor: string): Position {
  const m = /^(-|[0-9a-z]{1,13})\.([0-9a-f]{32})\.(\d{1,7})$/.exec(cursor);
  if (!m) throw new QueryArgumentError('cursor must be the cursor a previous search result gave');
  return { page: m[1] === '-' ? '' : m[1], traceId: m[2], span: Number(m[3]) };
}

/**
 * The matches of `needle` (lowercase) in a span's content fields, a few snippets per field. A field whose content an
 * earlier span of the trace already matched with (an agent loop resends the conversation every turn) is counted in
 * `repeated` instead.
 */
function matchSpan(span: StoredSpan, needle: string, matched: Set<string>): { matches: SearchMatch[]; more: number; repeated: number } {
  const matches: SearchMatch[] = [];
  let more = 0;
  let repeated = 0;
  for (const field of contentFields(span)) {
    const hay = field.text.toLowerCase();
    if (!hay.includes(needle)) continue;
    const key = sameContentKey(field);
    if (matched.has(key)) {
      repeated++;
      continue;
    }
    matched.add(key);
    // toLowerCase keeps lengths for all but a few characters; offsets are then approximate only for those texts.
    let at = hay.indexOf(needle);
    let n = 0;
    while (at >= 0) {
      if (n < SNIPPETS_PER_FIELD) {
        const from = Math.max(0, at - CONTEXT);
        const to = Math.min(field.text.length, at + needle.length + CONTEXT);
        matches.push({ path: field.path, label: field.label, offset: at, snippet: field.text.slice(from, to), cutBefore: from > 0, cutAfter: to < field.text.length });
      } else more++;
      n++;
      at = hay.indexOf(needle, at + Math.max(1, needle.length));
    }
  }
  return { matches, more, repeated };
}

/**
 * Full-text search (case-insensitive) over what the spans recorded: system instructions, prompts, completions, tool
 * calls' arguments and results, tools' and workflows' input and output, status and exception messages. Newest
 * traces first; each matching span comes with a snippet around each match and the field and offset to read on with
 * `get_span`. Traces whose bytes cannot contain the text are skipped undecoded. A result stops at `limit` matching
 * spans, at the byte budget or after decoding 25,000 spans, says which, and gives the cursor that continues.
 * @example search(store, { text: 'rate limit', since: '1h' }).text
 */
export function search(store: SpanStore, args: SearchArgs, options?: QueryOptions): QueryResult<SearchResult> {
  const { maxBytes, hints, now } = resolveOptions(options);
  const text = args.text ?? '';
  if (!text.trim()) throw new QueryArgumentError('text must not be empty');
  if (text.length > 1000) throw new QueryArgumentError('text must be at most 1,000 characters');
  const needle = text.toLowerCase();
  const bytes = prefilterNeedle(text);
  const limit = Math.max(1, Math.min(Math.floor(args.limit ?? DEFAULT_SEARCH_LIMIT), 500));
  const filter = traceFilterOfArgs(args, now);
  const start = args.cursor ? decodeCursor(args.cursor) : null;

  const hits: Array<SearchHit & { position: Position }> = [];
  let total = 0;
  let scanned = 0;
  let skipped = 0;
  let decoded = 0;
  /** Spans whose only matches are in content an earlier span of their trace matched with (resent history). */
  let repeated = 0;
  let stoppedBy: SearchResult['stoppedBy'] = null;
  let resume: Position | null = null;
  let restarted = false;
  let page = start?.page ?? '';
  scan: for (;;) {
    const result = store.queryTraces({ ...filter, limit: PAGE, cursor: page || undefined });
    total = result.total;
    let traces: TraceSummary[] = result.traces;
    let firstSpan = 0;
    if (start && page === start.page && !restarted) {
      restarted = true;
      const i = traces.findIndex((t) => t.traceId === start.traceId);
      if (i >= 0) {
        traces = traces.slice(i);
        firstSpan = start.span;
      }
    }
    for (const trace of traces) {
      if (decoded >= MAX_DECODED_SPANS) {
        stoppedBy = 'scan-cap';
        resume = { page, traceId: trace.traceId, span: 0 };
        break scan;
      }
      const from = trace.traceId === start?.traceId ? firstSpan : 0;
      if (from === 0) scanned++;
      if (bytes && !traceMayContain(store, trace.traceId, bytes)) {
        skipped++;
        continue;
      }
      const spans = store.getTrace(trace.traceId) ?? [];
      decoded += spans.length;
      const matched = new Set<string>();
      // A continued trace: what the spans before the cursor matched is known again (they are not shown again).
      for (let i = 0; i < from; i++) matchSpan(spans[i], needle, matched);
      for (let i = from; i < spans.length; i++) {
        const { matches, more, repeated: again } = matchSpan(spans[i], needle, matched);
        if (!matches.length) {
          if (again) repeated++;
          continue;
        }
        if (hits.length === limit) {
          stoppedBy = 'limit';
          resume = { page, traceId: trace.traceId, span: i };
          break scan;
        }
        const s = spans[i];
        hits.push({ traceId: trace.traceId, traceName: trace.name, spanId: s.spanId, spanName: s.name, startTimeUnixNano: s.startTimeUnixNano, matches, moreMatches: more, repeatedMatches: again, position: { page, traceId: trace.traceId, span: i } });
      }
    }
    if (!result.next) break;
    page = result.next;
  }

  const fence = createContentFence(hits.flatMap((h) => h.matches.map((m) => m.snippet)));
  const which = describeFilter(args);
  const hitLines = hits.map((h) => {
    const lines = [`${h.traceId} ${oneLine(h.traceName, 80)} › span ${h.spanId} ${oneLine(h.spanName, 80)} · ${formatTime(h.startTimeUnixNano)}`];
    for (const m of h.matches) {
      lines.push(`  ${m.path}${m.label ? ` ${oneLine(m.label, 100)}` : ''} @${m.offset}: ${m.cutBefore ? '…' : ''}${fence.quote(m.snippet)}${m.cutAfter ? '…' : ''}`);
    }
    if (h.moreMatches) lines.push(`  (+${formatCount(h.moreMatches)} more matches in these fields: ${hints.span(h.traceId, h.spanId)})`);
    if (h.repeatedMatches) lines.push(`  (+${formatCount(h.repeatedMatches)} matching fields resent from earlier in the trace, not repeated here)`);
    return lines.join('\n');
  });
  const render = (shown: number, next: Position | null, why: SearchResult['stoppedBy']) => {
    const traceCount = new Set(hits.slice(0, shown).map((h) => h.traceId)).size;
    const head = [
      `Search for ${JSON.stringify(text)} (case-insensitive) in prompts, completions, system instructions, tool arguments and results, and error messages${which ? `, traces ${which}` : ''}: ` +
        `${formatCount(shown)} matching span${shown === 1 ? '' : 's'} in ${formatCount(traceCount)} trace${traceCount === 1 ? '' : 's'} shown, newest first; ` +
        `${formatCount(scanned)} of ${formatCount(total)} traces searched${args.cursor ? ' (continuing a previous search)' : ''}` +
        `${repeated ? `; ${formatCount(repeated)} more spans matched only in conversation history resent from an earlier span of their trace (not listed)` : ''}.`,
      `${fence.note} Each match gives FIELD @OFFSET: read around it with ${hints.fieldPattern}.`,
    ];
    const out = shown ? [...head, '', ...hitLines.slice(0, shown), ''] : [...head];
    if (next) {
      const reason =
        why === 'limit' ? `the limit of ${limit} matching spans was reached` : why === 'budget' ? `the ${maxBytes}-byte budget is full` : `this result decoded its share of spans (${formatCount(MAX_DECODED_SPANS)})`;
      out.push(`Not finished (${reason}): older traces may match too; continue with ${hints.moreSearch(encodeCursor(next))}.`);
    } else out.push(shown ? 'Every trace was searched.' : 'Every trace was searched: no matches.');
    return out.join('\n');
  };
  let shown = hits.length;
  let next = resume;
  let why: SearchResult['stoppedBy'] = stoppedBy;
  let out = render(shown, next, why);
  while (byteLength(out) > maxBytes && shown > 1) {
    shown--;
    next = hits[shown].position;
    why = 'budget';
    out = render(shown, next, why);
  }
  return {
    text: fitHard(out, maxBytes, fence),
    data: {
      query: text,
      hits: hits.slice(0, shown).map(({ position: _p, ...h }) => h),
      traces: total,
      scannedTraces: scanned,
      skippedTraces: skipped,
      repeatedSpans: repeated,
      next: next ? encodeCursor(next) : null,
      stoppedBy: next ? why : null,
    },
  };
}

/** Whether any stored record of the trace contains the needle's bytes (ASCII case folded). */
function traceMayContain(store: SpanStore, traceId: string, needle: Uint8Array): boolean {
  for (const { message } of store.rawMessages(traceId)) if (includesFolded(message, needle)) return true;
  return false;
}
