import { useMemo } from 'preact/hooks';
import type { Attributes, NormalizedMessage, StoredSpan } from '../../shared/api-types.js';
import { llmCallTotals } from '../../shared/llm-call-totals.js';
import { buildSpanTree } from '../lib/build-span-tree.js';
import { formatCost, formatDuration, formatTokens, formatValue } from '../lib/format.js';
import { messageText } from '../lib/message-text.js';
import { nanoDiffMs } from '../lib/nano-time.js';
import { compareRoute, type CompareRoute } from '../lib/route.js';
import { diffText, hasChanges, type DiffSegment } from '../lib/text-diff.js';
import type { LoadedSide } from '../models/compare-model.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { modelLabel } from './span-facts.js';

/**
 * The compare page: two LLM calls (messages and output as a side-by-side diff, parameters, tokens, latency, cost)
 * or two traces (totals, and their LLM calls in order, each pair one click from a span comparison).
 *
 * @example
 * {route.page === 'compare' ? <CompareView model={model} route={route} /> : null}
 */
export function CompareView({ model, route }: { model: ViewerModel; route: CompareRoute }) {
  const state = model.compare.state.value;
  const spans = !!route.left.spanId;
  return (
    <section class="pane pane-compare" aria-label="Compare" data-testid="compare-view">
      <div class="trace-head">
        <button type="button" class="btn btn-icon" aria-label="Back" title="Back to the traces" onClick={() => history.length > 1 ? history.back() : model.selectTrace(null)}>
          ←
        </button>
        <div class="trace-head-main">
          <div class="trace-title">Compare {spans ? 'two LLM calls' : 'two traces'}</div>
          <div class="trace-facts">
            <span class="faint">left: A, right: B; differences are highlighted, deltas are B − A</span>
          </div>
        </div>
        <div class="trace-actions">
          <button type="button" class="btn btn-small" title="Swap the sides" onClick={() => model.openCompare(route.right, route.left)}>
            ⇄ Swap
          </button>
        </div>
      </div>
      <div class="compare-body">
        {state.status === 'loading' ? <div class="empty">Loading…</div> : null}
        {state.status === 'error' ? <div class="banner">Could not compare: {state.message}</div> : null}
        {state.status === 'ready' ? (
          spans && state.left.span && state.right.span ? (
            <SpanCompare left={state.left} right={state.right} />
          ) : (
            <TraceCompare model={model} left={state.left} right={state.right} />
          )
        ) : null}
      </div>
    </section>
  );
}

interface Metric {
  label: string;
  a: number | null;
  b: number | null;
  format: (n: number | null) => string;
}

function SpanCompare({ left, right }: { left: LoadedSide; right: LoadedSide }) {
  const a = left.span!;
  const b = right.span!;
  const metrics: Metric[] = [
    { label: 'Latency', a: duration(a), b: duration(b), format: formatDuration },
    { label: 'First chunk', a: a.genAi?.timeToFirstChunkMs ?? null, b: b.genAi?.timeToFirstChunkMs ?? null, format: formatDuration },
    { label: 'Input tokens', a: a.genAi?.inputTokens ?? null, b: b.genAi?.inputTokens ?? null, format: formatCount },
    { label: 'Output tokens', a: a.genAi?.outputTokens ?? null, b: b.genAi?.outputTokens ?? null, format: formatCount },
    { label: 'Cost (est.)', a: a.genAi?.costUsd ?? null, b: b.genAi?.costUsd ?? null, format: formatCost },
  ];
  const text = [
    ['Model', modelLabel(a.genAi?.requestModel ?? null, a.genAi?.responseModel ?? null), modelLabel(b.genAi?.requestModel ?? null, b.genAi?.responseModel ?? null)],
    ['Provider', a.genAi?.provider ?? '–', b.genAi?.provider ?? '–'],
    ['Finish', a.genAi?.finishReasons?.join(', ') || '–', b.genAi?.finishReasons?.join(', ') || '–'],
    ['Status', statusText(a), statusText(b)],
  ];
  return (
    <div class="compare" data-testid="span-compare">
      <div class="compare-sides">
        <SideCard label="A" side={left} span={a} />
        <SideCard label="B" side={right} span={b} />
      </div>
      <h3 class="section-title">Facts</h3>
      <table class="cmp-table" data-testid="compare-facts">
        <thead>
          <tr>
            <th />
            <th>A</th>
            <th>B</th>
            <th>B − A</th>
          </tr>
        </thead>
        <tbody>
          {text.map(([label, x, y]) => (
            <tr key={label} class={x !== y ? 'changed' : ''}>
              <td>{label}</td>
              <td>{x}</td>
              <td>{y}</td>
              <td class="faint">{x !== y ? 'differs' : ''}</td>
            </tr>
          ))}
          {metrics.map((m) => (
            <tr key={m.label} class={m.a !== m.b ? 'changed' : ''}>
              <td>{m.label}</td>
              <td>{m.format(m.a)}</td>
              <td>{m.format(m.b)}</td>
              <td class={deltaClass(m)}>{delta(m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 class="section-title">Parameters</h3>
      <ParamCompare a={requestParameters(a.attributes)} b={requestParameters(b.attributes)} />
      <h3 class="section-title">Input messages</h3>
      <MessagesDiff a={inputMessages(a)} b={inputMessages(b)} testId="diff-input" />
      <h3 class="section-title">Output</h3>
      <MessagesDiff a={a.genAi?.outputMessages ?? []} b={b.genAi?.outputMessages ?? []} testId="diff-output" />
    </div>
  );
}

function SideCard({ label, side, span }: { label: string; side: LoadedSide; span: StoredSpan }) {
  return (
    <div class="cmp-card">
      <div class="cmp-card-label">{label}</div>
      <div class="cmp-card-title" title={span.name}>
        {span.name}
      </div>
      <a class="mono faint" href={`#/trace/${encodeURIComponent(side.side.traceId)}/span/${encodeURIComponent(span.spanId)}`}>
        open in its trace ({side.side.traceId.slice(0, 8)}…)
      </a>
    </div>
  );
}

function ParamCompare({ a, b }: { a: Attributes; b: Attributes }) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  if (!keys.length) return <div class="muted">No request parameters on either call.</div>;
  return (
    <table class="cmp-table" data-testid="compare-params">
      <tbody>
        {keys.map((k) => {
          const x = k in a ? formatValue(a[k]) : '–';
          const y = k in b ? formatValue(b[k]) : '–';
          return (
            <tr key={k} class={x !== y ? 'changed' : ''}>
              <td class="mono">{k}</td>
              <td>{x}</td>
              <td>{y}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Messages aligned by position, each pair as a side-by-side word diff. */
function MessagesDiff({ a, b, testId }: { a: NormalizedMessage[]; b: NormalizedMessage[]; testId: string }) {
  const rows = useMemo(() => {
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => {
      const left = a[i] ? messageText(a[i]) : '';
      const right = b[i] ? messageText(b[i]) : '';
      return { role: [a[i]?.role, b[i]?.role].filter(Boolean).filter((r, j, all) => all.indexOf(r) === j).join(' / '), segments: diffText(left, right), left: !!a[i], right: !!b[i] };
    });
  }, [a, b]);
  if (!rows.length) return <div class="muted">No content was captured on either call.</div>;
  return (
    <div class="diff" data-testid={testId}>
      {rows.map((r, i) => (
        <div key={i} class={`diff-row${hasChanges(r.segments) ? ' changed' : ''}`}>
          <div class="diff-role">
            {r.role || 'message'}
            {hasChanges(r.segments) ? <span class="badge badge-changed">changed</span> : <span class="faint">same</span>}
          </div>
          <div class="diff-cols">
            <DiffSide segments={r.segments} keep="del" present={r.left} />
            <DiffSide segments={r.segments} keep="add" present={r.right} />
          </div>
        </div>
      ))}
    </div>
  );
}

function DiffSide({ segments, keep, present }: { segments: DiffSegment[]; keep: 'add' | 'del'; present: boolean }) {
  if (!present) return <div class="diff-side muted">(no message)</div>;
  return (
    <pre class="diff-side">
      {segments
        .filter((s) => s.op === 'same' || s.op === keep)
        .map((s, i) => (s.op === 'same' ? <span key={i}>{s.text}</span> : <mark key={i} class={`diff-${s.op}`}>{s.text}</mark>))}
    </pre>
  );
}

function TraceCompare({ model, left, right }: { model: ViewerModel; left: LoadedSide; right: LoadedSide }) {
  const summarize = (side: LoadedSide) => {
    const tree = buildSpanTree(side.spans);
    const totals = llmCallTotals(side.spans);
    const calls = tree.rows.filter((r) => r.span.genAi).map((r) => r.span);
    return { tree, totals, calls, errors: side.spans.filter((s) => s.status.code === 2).length, name: tree.rows[0]?.span.name ?? side.side.traceId };
  };
  const a = useMemo(() => summarize(left), [left]);
  const b = useMemo(() => summarize(right), [right]);
  const metrics: Metric[] = [
    { label: 'Duration', a: a.tree.durationMs, b: b.tree.durationMs, format: formatDuration },
    { label: 'Spans', a: left.spans.length, b: right.spans.length, format: formatCount },
    { label: 'LLM calls', a: a.totals.llmCalls, b: b.totals.llmCalls, format: formatCount },
    { label: 'Input tokens', a: a.totals.inputTokens, b: b.totals.inputTokens, format: formatCount },
    { label: 'Output tokens', a: a.totals.outputTokens, b: b.totals.outputTokens, format: formatCount },
    { label: 'Cost (est.)', a: a.totals.costUsd, b: b.totals.costUsd, format: formatCost },
    { label: 'Errors', a: a.errors, b: b.errors, format: formatCount },
  ];
  const n = Math.max(a.calls.length, b.calls.length);
  return (
    <div class="compare" data-testid="trace-compare">
      <div class="compare-sides">
        {[
          ['A', left, a.name],
          ['B', right, b.name],
        ].map(([label, side, name]) => (
          <div class="cmp-card" key={label as string}>
            <div class="cmp-card-label">{label as string}</div>
            <div class="cmp-card-title">{name as string}</div>
            <a class="mono faint" href={`#/trace/${encodeURIComponent((side as LoadedSide).side.traceId)}`}>
              open trace ({(side as LoadedSide).side.traceId.slice(0, 8)}…)
            </a>
          </div>
        ))}
      </div>
      <table class="cmp-table" data-testid="compare-facts">
        <thead>
          <tr>
            <th />
            <th>A</th>
            <th>B</th>
            <th>B − A</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.label} class={m.a !== m.b ? 'changed' : ''}>
              <td>{m.label}</td>
              <td>{m.format(m.a)}</td>
              <td>{m.format(m.b)}</td>
              <td class={deltaClass(m)}>{delta(m)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 class="section-title">LLM calls, in order</h3>
      {n ? (
        <table class="cmp-table cmp-calls" data-testid="compare-calls">
          <thead>
            <tr>
              <th>#</th>
              <th>A</th>
              <th>B</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: n }, (_, i) => {
              const x = a.calls[i];
              const y = b.calls[i];
              return (
                <tr key={i}>
                  <td>{i + 1}</td>
                  <td>{x ? callSummary(x) : '–'}</td>
                  <td>{y ? callSummary(y) : '–'}</td>
                  <td>
                    {x && y ? (
                      <button
                        type="button"
                        class="btn btn-small"
                        onClick={() => model.navigate(compareRoute({ traceId: x.traceId, spanId: x.spanId }, { traceId: y.traceId, spanId: y.spanId }))}
                      >
                        Compare
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <div class="muted">Neither trace has LLM calls.</div>
      )}
    </div>
  );
}

function callSummary(s: StoredSpan): string {
  const ai = s.genAi!;
  return `${s.name} · ${formatDuration(duration(s))} · ${formatTokens(ai.inputTokens)}→${formatTokens(ai.outputTokens)}${ai.costUsd != null ? ` · ${formatCost(ai.costUsd)}` : ''}${s.status.code === 2 ? ' · error' : ''}`;
}

function duration(s: StoredSpan): number {
  return nanoDiffMs(s.startTimeUnixNano, s.endTimeUnixNano);
}

function formatCount(n: number | null): string {
  return n == null ? '–' : n.toLocaleString();
}

function statusText(s: StoredSpan): string {
  return s.status.code === 2 ? `error${s.status.message ? `: ${s.status.message}` : ''}` : s.status.code === 1 ? 'ok' : 'unset';
}

function delta(m: Metric): string {
  if (m.a == null || m.b == null || m.a === m.b) return '';
  const d = m.b - m.a;
  const sign = d > 0 ? '+' : '−';
  const pct = m.a !== 0 ? ` (${d > 0 ? '+' : '−'}${Math.round(Math.abs(d / m.a) * 100)}%)` : '';
  return `${sign}${m.format(Math.abs(d)).replace(/^-/, '')}${pct}`;
}

function deltaClass(m: Metric): string {
  if (m.a == null || m.b == null || m.a === m.b) return 'faint';
  return m.b > m.a ? 'delta-up' : 'delta-down';
}

function requestParameters(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [k, v] of Object.entries(attributes)) {
    if (k.startsWith('gen_ai.request.')) out[k.slice('gen_ai.request.'.length)] = v;
  }
  return out;
}

function inputMessages(s: StoredSpan): NormalizedMessage[] {
  const ai = s.genAi;
  if (!ai) return [];
  const system = ai.systemInstructions?.length ? [{ role: 'system', parts: ai.systemInstructions }] : [];
  return [...system, ...(ai.inputMessages ?? [])];
}
