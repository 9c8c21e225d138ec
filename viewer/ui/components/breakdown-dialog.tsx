import { formatCost, formatTokens } from '../lib/format.js';
import type { ViewerModel } from '../models/viewer-model.js';

const BY = ['model', 'service', 'user', 'session'] as const;

/**
 * The breakdown of the list's current filter: traces, LLM calls, tokens, cost and errors per model, service, user or
 * session, as the server counts them over every matching trace.
 *
 * @example
 * {model.sessions.breakdown.value.open ? <BreakdownDialog model={model} /> : null}
 */
export function BreakdownDialog({ model }: { model: ViewerModel }) {
  const state = model.sessions.breakdown.value;
  if (!state.open) return null;
  return (
    <div class="overlay" onClick={() => model.setBreakdownOpen(false)}>
      <div class="dialog dialog-wide" role="dialog" aria-modal="true" aria-label="Breakdown" data-testid="breakdown" onClick={(e) => e.stopPropagation()}>
        <div class="dialog-head">
          <h2>Breakdown of the listed traces</h2>
          <button type="button" class="btn btn-icon" aria-label="Close" onClick={() => model.setBreakdownOpen(false)}>
            ✕
          </button>
        </div>
        <div class="segmented" role="tablist">
          {BY.map((by) => (
            <button key={by} type="button" role="tab" aria-selected={state.by === by} class={`btn btn-small${state.by === by ? ' active' : ''}`} data-testid={`breakdown-${by}`} onClick={() => model.setBreakdownOpen(true, by)}>
              by {by}
            </button>
          ))}
        </div>
        {state.error ? <div class="banner">{state.error}</div> : null}
        {state.rows ? (
          <div class="breakdown-scroll">
            <table class="cmp-table breakdown-table" data-testid="breakdown-table">
              <thead>
                <tr>
                  <th>{state.by}</th>
                  <th>traces</th>
                  <th>LLM calls</th>
                  <th>tokens in→out</th>
                  <th>cost</th>
                  <th>errors</th>
                </tr>
              </thead>
              <tbody>
                {state.rows.map((r) => (
                  <tr key={r.key} data-key={r.key}>
                    <td class="mono" title={r.key}>
                      {r.key || <span class="faint">(none)</span>}
                    </td>
                    <td>{r.traces.toLocaleString()}</td>
                    <td>{r.llmCalls.toLocaleString()}</td>
                    <td>
                      {formatTokens(r.inputTokens)}→{formatTokens(r.outputTokens)}
                    </td>
                    <td title={r.unpricedCalls ? `${r.unpricedCalls} call(s) without a known price are not in this sum` : undefined}>
                      {formatCost(r.costUsd)}
                      {r.unpricedCalls ? <span class="faint"> +{r.unpricedCalls}?</span> : null}
                    </td>
                    <td>{r.errors.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">{state.loading ? 'Asking the server…' : ''}</p>
        )}
      </div>
    </div>
  );
}
