import type { StoredSpan } from '../../shared/api-types.js';
import { isContentAttribute } from '../../../lib/forward/content-registry.js';
import type { SpanStore } from '../span-store.js';
import { createContentFence } from './content-fence.js';
import { fitHard, fitPaged, leftOut, makeClip, shownText, type Clip } from './fit-budget.js';
import { formatCount, formatMs, formatTime, formatUsd, oneLine, spanMs } from './format-values.js';
import { QueryArgumentError, QueryNotFoundError, resolveOptions, type QueryOptions, type QueryResult } from './query-options.js';
import { readTrace } from './read-trace.js';
import { allFields, type SpanField } from './span-fields.js';
import { spanFacts } from './span-facts.js';

/** Arguments of `get_span`. */
export interface GetSpanArgs {
  trace_id: string;
  span_id: string;
  /** One field to read (a path from a cut marker, e.g. `output.0.0`), from character `offset` on. */
  field?: string;
  offset?: number;
  /** The first field to list (0-based), for a span with more fields than one result holds. */
  first_field?: number;
}

/** One field as the result shows it. */
export interface DetailField {
  path: string;
  label: string;
  /** The characters shown, from character `from` of the field. */
  text: string;
  from: number;
  length: number;
  /** Characters after the ones shown. */
  cut: number;
}

/** The data of a `get_span` result. */
export interface SpanDetail {
  traceId: string;
  span: Omit<StoredSpan, 'attributes' | 'events' | 'resource' | 'genAi' | 'links'> & { genAi: Omit<NonNullable<StoredSpan['genAi']>, 'inputMessages' | 'outputMessages' | 'systemInstructions' | 'entity'> | null };
  fieldCount: number;
  firstField: number;
  fields: DetailField[];
  /** `first_field` of the next page; null when the last field is shown. */
  nextField: number | null;
}

const SPAN_ID = /^[0-9a-f]{16}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const KIND = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** Conversation first and cut last; raw content attributes (the conversation again, as sent) cut first. */
function tierOf(f: SpanField): number {
  if (f.path.startsWith('attr.')) return isContentAttribute(f.path.slice(5)) ? 3 : 2;
  if (f.path.startsWith('resource.')) return 2;
  if (f.path.startsWith('event.') && !f.content) return 1;
  return 0;
}

const section = (path: string) =>
  path.startsWith('attr.') ? 'Attributes' : path.startsWith('resource.') ? 'Resource' : path.startsWith('event.') && !/exception\.(message|type)$/.test(path) ? 'Events' : 'Content';

function findSpan(store: SpanStore, args: GetSpanArgs): { traceId: string; span: StoredSpan; spans: StoredSpan[] } {
  const traceId = args.trace_id.trim().toLowerCase();
  const spanId = args.span_id.trim().toLowerCase();
  if (!TRACE_ID.test(traceId)) throw new QueryArgumentError('trace_id must be 32 hex characters');
  if (!SPAN_ID.test(spanId)) throw new QueryArgumentError('span_id must be 16 hex characters');
  const spans = readTrace(store, traceId);
  if (!spans) throw new QueryNotFoundError(`no trace ${traceId} in the viewer (never received, or evicted to stay within its memory budget)`);
  const span = spans.find((s) => s.spanId === spanId);
  if (!span) throw new QueryNotFoundError(`trace ${traceId} has no span ${spanId}`);
  return { traceId, span, spans };
}

/** The span's header lines: identity, timing, status, what it is, tokens in detail, parameters. */
function headerLines(span: StoredSpan, traceStart: bigint): string[] {
  const out = [`Span ${span.spanId} of trace ${span.traceId}: ${oneLine(span.name || '(unnamed)')}`, `  ${spanFacts(span)}`];
  const service = span.resource.attributes['service.name'];
  const at = Number(BigInt(span.startTimeUnixNano) - traceStart) / 1e6;
  out.push(
    `  kind ${KIND[span.kind]} · status ${span.status.code === 2 ? 'ERROR' : span.status.code === 1 ? 'ok' : 'unset'} · started ${formatTime(span.startTimeUnixNano)} (+${formatMs(at)} into the trace) · ${formatMs(spanMs(span))} · ${span.parentSpanId ? `parent ${span.parentSpanId}` : 'root span'}` +
      `${typeof service === 'string' ? ` · service ${oneLine(service, 80)}` : ''} · scope ${oneLine(span.scope.name || '?', 80)}${span.scope.version ? ` ${oneLine(span.scope.version, 40)}` : ''}`,
  );
  const g = span.genAi;
  if (g && (g.requestModel || g.responseModel || g.inputTokens != null || g.outputTokens != null)) {
    const t: string[] = [];
    if (g.requestModel) t.push(`request model ${oneLine(g.requestModel, 80)}`);
    if (g.responseModel && g.responseModel !== g.requestModel) t.push(`response model ${oneLine(g.responseModel, 80)}`);
    if (g.inputTokens != null) {
      const cache = [g.cacheReadInputTokens ? `${formatCount(g.cacheReadInputTokens)} cache read` : '', g.cacheCreationInputTokens ? `${formatCount(g.cacheCreationInputTokens)} cache write` : ''].filter(Boolean).join(', ');
      t.push(`input ${formatCount(g.inputTokens)} tokens${cache ? ` (${cache})` : ''}`);
    }
    if (g.outputTokens != null) t.push(`output ${formatCount(g.outputTokens)} tokens${g.reasoningOutputTokens ? ` (${formatCount(g.reasoningOutputTokens)} reasoning)` : ''}`);
    t.push(g.costUsd != null ? `cost ${formatUsd(g.costUsd)}` : 'cost unknown (no price for this model)');
    out.push(`  ${t.join(' · ')}`);
    if (g.notes?.length) out.push(`  notes: ${g.notes.map((n) => oneLine(n, 300)).join('; ')}`);
  }
  const params = Object.entries(span.attributes)
    .filter(([k, v]) => k.startsWith('gen_ai.request.') && k !== 'gen_ai.request.model' && (typeof v !== 'object' || v === null))
    .map(([k, v]) => `${k.slice('gen_ai.request.'.length)}=${oneLine(String(v), 80)}`);
  if (params.length) out.push(`  parameters: ${params.join(', ')}`);
  if (span.links?.length) out.push(`  links: ${span.links.slice(0, 10).map((l) => `${l.traceId}/${l.spanId}`).join(', ')}${span.links.length > 10 ? `, +${span.links.length - 10} more` : ''}`);
  return out;
}

function summaryOf(span: StoredSpan): SpanDetail['span'] {
  const { attributes: _a, events: _e, resource: _r, links: _l, genAi, ...rest } = span;
  if (!genAi) return { ...rest, genAi: null };
  const { inputMessages: _i, outputMessages: _o, systemInstructions: _s, entity: _n, ...facts } = genAi;
  return { ...rest, genAi: facts };
}

/**
 * One span in full: its identity, timing and status, the LLM call's models, tokens (cache and reasoning), cost and
 * parameters, then every field: the conversation part by part, a tool's input and output, events, attributes and
 * resource. Fields are fitted to the budget (the conversation kept longest) and every cut says how to read on; with
 * `field`, one field is read from `offset` on, a page at a time.
 * @example getSpan(store, { trace_id, span_id, field: 'output.0.0', offset: 18000 }).text
 */
export function getSpan(store: SpanStore, args: GetSpanArgs, options?: QueryOptions): QueryResult<SpanDetail> {
  const { maxBytes, hints } = resolveOptions(options);
  const { traceId, span, spans } = findSpan(store, args);
  const traceStart = spans.reduce((min, s) => (BigInt(s.startTimeUnixNano) < min ? BigInt(s.startTimeUnixNano) : min), BigInt(span.startTimeUnixNano));
  const fields = allFields(span);
  const base = { traceId, span: summaryOf(span), fieldCount: fields.length };

  if (args.field !== undefined) {
    const field = fields.find((f) => f.path === args.field);
    if (!field) {
      const paths = fields.map((f) => f.path);
      throw new QueryNotFoundError(`span ${span.spanId} has no field "${args.field}"; its fields: ${paths.slice(0, 40).join(', ')}${paths.length > 40 ? `, … (${paths.length} in all)` : ''}`);
    }
    const from = Math.max(0, Math.floor(args.offset ?? 0));
    if (from > field.text.length) throw new QueryArgumentError(`offset ${from} is past the end of ${field.path} (${field.text.length} characters)`);
    const clip = makeClip(field.text.slice(from), { from, min: 0 });
    const fence = createContentFence([field.text]);
    const render = () => {
      const shown = shownText(clip);
      const end = from + shown.length;
      const rest = field.text.length - end;
      return [
        `Span ${span.spanId} of trace ${traceId}: ${oneLine(span.name || '(unnamed)')}`,
        `Field ${field.path} (${oneLine(field.label, 120)}): characters ${formatCount(from)}-${formatCount(end)} of ${formatCount(field.text.length)}. ${fence.note}`,
        field.scalar ? shown : fence.quote(shown),
        rest ? `[+${formatCount(rest)} chars: ${field.path}@${end}] Next: ${hints.spanField(traceId, span.spanId, field.path, end)}.` : 'End of the field.',
      ].join('\n');
    };
    const { text } = fitPaged({ count: 1, clipsOf: () => [clip], render: () => render() }, maxBytes, fence);
    const shown = shownText(clip);
    return {
      text,
      data: { ...base, firstField: fields.indexOf(field), nextField: null, fields: [{ path: field.path, label: field.label, text: shown, from, length: field.text.length, cut: field.text.length - from - shown.length }] },
    };
  }

  const first = Math.max(0, Math.floor(args.first_field ?? 0));
  if (first > 0 && first >= fields.length) throw new QueryArgumentError(`first_field ${first} is past the last field (the span has ${fields.length})`);
  const listed = fields.slice(first);
  const clips: Clip[] = listed.map((f) => makeClip(f.text, { min: tierOf(f) === 0 ? 200 : 60, tier: tierOf(f) }));
  const fence = createContentFence(listed.map((f) => f.text));
  const head = headerLines(span, traceStart);
  const render = (shown: number) => {
    const out = [...head, `${fence.note} ${hints.cutNote}`];
    let current = '';
    for (let i = 0; i < shown; i++) {
      const f = listed[i];
      const s = section(f.path);
      if (s !== current) {
        current = s;
        out.push(`${s}:`);
      }
      const clip = clips[i];
      const cut = leftOut(clip);
      // Short non-content values read best as JSON strings (whose quotes are escaped inside: just as unambiguous).
      const value = f.scalar ? shownText(clip) : !cut && !f.content && tierOf(f) !== 3 && f.text.length <= 200 ? JSON.stringify(f.text) : fence.quote(shownText(clip));
      out.push(`  ${f.path}${f.label ? ` ${oneLine(f.label, 120)}` : ''}: ${value}${cut ? ` [+${formatCount(cut)} chars: ${f.path}@${shownText(clip).length}]` : ''}`);
    }
    if (!listed.length) out.push('(no attributes, events or content)');
    const last = first + shown;
    if (last < fields.length) out.push(`Fields ${formatCount(first + 1)}-${formatCount(last)} of ${formatCount(fields.length)} shown; the next ones: ${hints.spanFrom(traceId, span.spanId, last)}.`);
    else if (first) out.push(`Fields ${formatCount(first + 1)}-${formatCount(last)} of ${formatCount(fields.length)} shown (the last ones).`);
    return out.join('\n');
  };
  const fitted = fitPaged({ count: listed.length, clipsOf: (i) => [clips[i]], render }, maxBytes, fence);
  const last = first + fitted.shown;
  return {
    text: fitHard(fitted.text, maxBytes, fence),
    data: {
      ...base,
      firstField: first,
      nextField: last < fields.length ? last : null,
      fields: listed.slice(0, fitted.shown).map((f, i) => ({ path: f.path, label: f.label, text: shownText(clips[i]), from: 0, length: f.text.length, cut: leftOut(clips[i]) })),
    },
  };
}
