import type { StoredSpan, TraceSummary } from '../../shared/api-types.js';
import { isModelCall, wrappingCalls } from '../../shared/llm-call-totals.js';
import type { SpanStore } from '../span-store.js';
import { createContentFence, type ContentFence } from './content-fence.js';
import { fitPaged, leftOut, makeClip, shownText, type Clip } from './fit-budget.js';
import { formatCount, formatMs, oneLine } from './format-values.js';
import { QueryArgumentError, QueryNotFoundError, resolveOptions, type QueryOptions, type QueryResult } from './query-options.js';
import { readTrace } from './read-trace.js';
import { contentFields, sameContentKey, type SpanField } from './span-fields.js';
import { spanFacts } from './span-facts.js';
import { spanTreeRows } from './span-tree.js';
import { traceLine } from './trace-line.js';

/** Arguments of `get_trace`. */
export interface GetTraceArgs {
  trace_id: string;
  /** The first span to show, in tree order (0-based): for the next page of a big trace. */
  offset?: number;
}

/** One excerpt of a span's content as the result shows it. */
export interface OutlineField {
  path: string;
  label: string;
  /** The characters shown (from the start of the field). */
  text: string;
  /** The field's length, and how many characters the excerpt left out. */
  length: number;
  cut: number;
}

/** Content already shown for an earlier span of the result (an agent loop resends its conversation each turn). */
export interface OutlineRepeat {
  paths: string[];
  sameAs: { spanId: string; paths: string[] };
}

/** One span of the tree. */
export interface OutlineSpan {
  spanId: string;
  parentSpanId: string | null;
  depth: number;
  name: string;
  /** The facts line: duration, LLM call / tool / agent, model, tokens, cost, finish, ERROR. */
  facts: string;
  startOffsetMs: number;
  error: boolean;
  items: Array<OutlineField | OutlineRepeat>;
}

/** The data of a `get_trace` result. */
export interface TraceOutline {
  trace: TraceSummary;
  /** Spans in the trace; the first shown (tree order, 0-based) and how many are shown. */
  spanCount: number;
  offset: number;
  shown: number;
  /** `offset` of the next page; null when the last span is shown. */
  next: number | null;
  spans: OutlineSpan[];
  /** For a trace too big for one result: span names by count, and the error spans. */
  overview: {
    names: Array<{ name: string; count: number; errors: number }>;
    /** The first error spans, each with the start of its error message (`path` is its field, '' when none). */
    errors: Array<{ spanId: string; name: string; path: string; message: string; length: number }>;
  } | null;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
/** Characters of each excerpt kept at least while spans are being fitted. */
const MIN_EXCERPT = 100;
const MAX_INDENT = 12;
const MIN_LINE_BYTES = 40;

/** Cut first: system instructions, then inputs; kept longest: outputs, tool results, errors. */
const tierOf = (path: string) => (path.startsWith('system') ? 2 : path.startsWith('input') ? 1 : 0);

interface Unit {
  row: { span: StoredSpan; depth: number };
  items: Array<{ field: SpanField; clip: Clip } | OutlineRepeat>;
}

/** Builds the units (spans with their excerpts), replacing content an earlier unit showed by a reference to it. */
function unitsOf(rows: ReturnType<typeof spanTreeRows>): Unit[] {
  const seen = new Map<string, { spanId: string; path: string }>();
  return rows.map((row) => {
    const items: Unit['items'] = [];
    let run: OutlineRepeat | null = null;
    for (const field of contentFields(row.span)) {
      const key = sameContentKey(field);
      const earlier = field.path.startsWith('input') || field.path.startsWith('system') ? seen.get(key) : undefined;
      if (earlier && field.text.length > 0) {
        if (run && run.sameAs.spanId === earlier.spanId) {
          run.paths.push(field.path);
          run.sameAs.paths.push(earlier.path);
        } else {
          run = { paths: [field.path], sameAs: { spanId: earlier.spanId, paths: [earlier.path] } };
          items.push(run);
        }
        continue;
      }
      run = null;
      if (!seen.has(key)) seen.set(key, { spanId: row.span.spanId, path: field.path });
      items.push({ field, clip: makeClip(field.text, { min: MIN_EXCERPT, tier: tierOf(field.path) }) });
    }
    return { row, items };
  });
}

const isRepeat = (item: Unit['items'][number]): item is OutlineRepeat => 'sameAs' in item;

const range = (paths: string[]) => (paths.length === 1 ? paths[0] : `${paths[0]}…${paths[paths.length - 1]}`);

/**
 * One trace as a compact tree: each span's name, id, start offset, duration, status, model, tokens and cost, with
 * excerpts of each LLM call's conversation and each tool's input and output, fitted to the byte budget. Content an
 * agent loop resends every turn is shown once and referred to after. A trace too big for one result gets an
 * overview (span names by count, the error spans) and is paged by `offset`; every cut says how to get the rest.
 * @example getTrace(store, { trace_id: id }, { maxBytes: 20_000 }).text
 */
export function getTrace(store: SpanStore, args: GetTraceArgs, options?: QueryOptions): QueryResult<TraceOutline> {
  const { maxBytes, hints } = resolveOptions(options);
  const traceId = args.trace_id.trim().toLowerCase();
  if (!TRACE_ID.test(traceId)) throw new QueryArgumentError('trace_id must be 32 hex characters');
  const spans = readTrace(store, traceId);
  const summary = store.getSummary(traceId);
  if (!spans || !summary) throw new QueryNotFoundError(`no trace ${traceId} in the viewer (never received, or evicted to stay within its memory budget)`);
  const rows = spanTreeRows(spans);
  const offset = Math.max(0, Math.floor(args.offset ?? 0));
  if (offset > 0 && offset >= rows.length) throw new QueryArgumentError(`offset ${offset} is past the last span (the trace has ${rows.length})`);
  // No span line is shorter than this: more spans than the budget could hold at that size are not even prepared.
  const units = unitsOf(rows.slice(offset, offset + Math.ceil(maxBytes / MIN_LINE_BYTES)));
  const fence = createContentFence(units.flatMap((u) => u.items.filter((i) => !isRepeat(i)).map((i) => (i as { field: SpanField }).field.text)));
  const traceStart = BigInt(summary.startTimeUnixNano);
  // An SDK's span around our HTTP-level span is the same call: its content is on the inner span.
  const parents = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  const wrappers = wrappingCalls(spans.filter((s) => isModelCall(s.genAi)), (id) => parents.get(id));
  let overview: TraceOutline['overview'] = null;
  const distinctNames = new Set(rows.map((r) => r.span.name)).size;

  const renderUnit = (u: Unit, out: string[]) => {
    const { span, depth } = u.row;
    const indent = '  '.repeat(Math.min(depth, MAX_INDENT)) + (depth > MAX_INDENT ? `(depth ${depth}) ` : '');
    const at = Number(BigInt(span.startTimeUnixNano) - traceStart) / 1e6;
    out.push(`${indent}- ${oneLine(span.name || '(unnamed)')} [${span.spanId}] at +${formatMs(at)} · ${spanFacts(span)}`);
    for (const item of u.items) {
      if (isRepeat(item)) {
        out.push(`${indent}    ${range(item.paths)}: same as ${range(item.sameAs.paths)} of span ${item.sameAs.spanId} above`);
        continue;
      }
      const { field, clip } = item;
      const cut = leftOut(clip);
      const marker = cut ? ` [+${formatCount(cut)} chars: ${field.path}@${shownText(clip).length}]` : '';
      out.push(`${indent}    ${field.path}${field.label ? ` ${oneLine(field.label, 120)}` : ''}: ${fence.quote(shownText(clip))}${marker}`);
    }
    const conversation = u.items.some((i) => isRepeat(i) || /^(input|output|system)/.test(i.field.path));
    if (span.genAi && isModelCall(span.genAi) && !conversation && !wrappers.has(span.spanId)) {
      out.push(`${indent}    (no prompt or completion recorded: the sender did not capture content)`);
    }
  };

  const render = (shown: number) => {
    const out = [`Trace ${traceLine(summary)}`, `${fence.note} ${hints.cutNote}`];
    if (overview) {
      out.push(`Overview: ${formatCount(rows.length)} spans; by name: ${overview.names.map((n) => `${formatCount(n.count)}× ${oneLine(n.name, 80)}${n.errors ? ` (${formatCount(n.errors)} errors)` : ''}`).join(', ')}${overview.names.length < distinctNames ? ', …' : ''}.`);
      if (overview.errors.length) {
        out.push(`Error spans (${formatCount(summary.errorCount)}${summary.errorCount > overview.errors.length ? `, first ${overview.errors.length} shown` : ''}):`);
        for (const e of overview.errors) {
          const more = e.length > e.message.length ? ` [+${formatCount(e.length - e.message.length)} chars: ${e.path}@${e.message.length}]` : '';
          out.push(`  ${e.spanId} ${oneLine(e.name, 80)}${e.path ? `: ${fence.quote(e.message)}${more}` : ''}`);
        }
      }
    }
    out.push('');
    for (let i = 0; i < shown; i++) renderUnit(units[i], out);
    out.push('');
    const last = offset + shown;
    if (last < rows.length) out.push(`Spans ${formatCount(offset + 1)}-${formatCount(last)} of ${formatCount(rows.length)} shown; the next ones: ${hints.traceFrom(traceId, last)}.`);
    else out.push(offset ? `Spans ${formatCount(offset + 1)}-${formatCount(last)} of ${formatCount(rows.length)} shown (the last ones).` : `All ${formatCount(rows.length)} spans shown.`);
    return out.join('\n');
  };

  const doc = { count: units.length, clipsOf: (i: number) => units[i].items.filter((x) => !isRepeat(x)).map((x) => (x as { clip: Clip }).clip), render };
  let fitted = fitPaged(doc, maxBytes, fence);
  if (offset + fitted.shown < rows.length && offset === 0) {
    // Too big for one result: the first page starts with an overview, as much of it as leaves room for spans.
    overview = overviewOf(rows.map((r) => r.span));
    for (;;) {
      fitted = fitPaged(doc, maxBytes, fence);
      if (!fitted.text.includes('\n[result cut at the ') || (!overview.errors.length && overview.names.length <= 1)) break;
      if (overview.errors.length) overview.errors = overview.errors.slice(0, Math.floor(overview.errors.length / 2));
      else overview.names = overview.names.slice(0, Math.floor(overview.names.length / 2));
    }
  }
  const shownUnits = units.slice(0, fitted.shown);
  const data: TraceOutline = {
    trace: summary,
    spanCount: rows.length,
    offset,
    shown: fitted.shown,
    next: offset + fitted.shown < rows.length ? offset + fitted.shown : null,
    overview,
    spans: shownUnits.map((u) => ({
      spanId: u.row.span.spanId,
      parentSpanId: u.row.span.parentSpanId,
      depth: u.row.depth,
      name: u.row.span.name,
      facts: spanFacts(u.row.span),
      startOffsetMs: Number(BigInt(u.row.span.startTimeUnixNano) - traceStart) / 1e6,
      error: u.row.span.status.code === 2,
      items: u.items.map((item) =>
        isRepeat(item) ? item : { path: item.field.path, label: item.field.label, text: shownText(item.clip), length: item.field.text.length, cut: leftOut(item.clip) },
      ),
    })),
  };
  return { text: fitted.text, data };
}

const MAX_OVERVIEW_NAMES = 8;
const MAX_OVERVIEW_ERRORS = 10;
const MAX_ERROR_CHARS = 160;

function overviewOf(spans: StoredSpan[]): NonNullable<TraceOutline['overview']> {
  const byName = new Map<string, { name: string; count: number; errors: number }>();
  const errors: NonNullable<TraceOutline['overview']>['errors'] = [];
  for (const s of spans) {
    let n = byName.get(s.name);
    if (!n) byName.set(s.name, (n = { name: s.name, count: 0, errors: 0 }));
    n.count++;
    if (s.status.code === 2) {
      n.errors++;
      if (errors.length < MAX_OVERVIEW_ERRORS) {
        const field = contentFields(s).find((f) => f.path === 'status' || f.path.endsWith('.exception.message'));
        const text = field?.text ?? '';
        errors.push({ spanId: s.spanId, name: s.name, path: field?.path ?? '', message: text.slice(0, MAX_ERROR_CHARS), length: text.length });
      }
    }
  }
  const names = [...byName.values()].sort((a, b) => b.count - a.count || b.errors - a.errors).slice(0, MAX_OVERVIEW_NAMES);
  return { names, errors };
}
