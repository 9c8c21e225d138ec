import type { NormalizedMessage, StoredSpan } from '../../shared/api-types.js';
import { formatCost, formatDateTime, formatDuration, formatTokens, formatWhen } from '../lib/format.js';
import { nanoToMs } from '../lib/nano-time.js';
import type { SessionRoute } from '../lib/route.js';
import { SESSION_TRACE_LIMIT } from '../models/sessions-model.js';
import type { ViewerModel } from '../models/viewer-model.js';
import { ChatView } from './chat-view.js';

/**
 * A session as one conversation: its traces oldest first, each a turn with a link to the trace, showing what the
 * user said (the last user message each call answered) and what the model answered; the session's totals on top.
 *
 * @example
 * {route.page === 'session' ? <SessionView model={model} route={route} /> : null}
 */
export function SessionView({ model, route }: { model: ViewerModel; route: SessionRoute }) {
  const state = model.sessions.session.value;
  return (
    <section class="pane pane-session" aria-label="Session" data-testid="session-view">
      <div class="trace-head">
        <button type="button" class="btn btn-icon" aria-label="Back to the list" title="Back to the list" onClick={() => model.selectTrace(null)}>
          ←
        </button>
        <div class="trace-head-main">
          <div class="trace-title" title={route.sessionId}>
            Session <span class="mono">{route.sessionId}</span>
          </div>
          {state.status === 'ready' ? (
            <div class="trace-facts" data-testid="session-totals">
              {state.userId ? (
                <span>
                  user <b>{state.userId}</b>
                </span>
              ) : null}
              <span>
                traces <b>{state.total}</b>
              </span>
              <span>
                LLM calls <b>{state.totals.llmCalls}</b>
              </span>
              <span>
                tokens <b>{formatTokens(state.totals.inputTokens)}→{formatTokens(state.totals.outputTokens)}</b>
              </span>
              <span>
                cost <b>{formatCost(state.totals.costUsd)}</b>
                {state.totals.unpricedCalls ? <span class="faint"> (+{state.totals.unpricedCalls} unpriced)</span> : null}
              </span>
              <span>
                errors <b style={state.totals.errors ? { color: 'var(--error)' } : undefined}>{state.totals.errors}</b>
              </span>
            </div>
          ) : null}
        </div>
      </div>
      <div class="compare-body">
        {state.status === 'loading' ? <div class="empty">Loading the session…</div> : null}
        {state.status === 'error' ? <div class="banner">Could not load the session: {state.message}</div> : null}
        {state.status === 'ready' ? (
          <div class="session-conversation" data-testid="session-conversation">
            {state.total > state.turns.length ? (
              <div class="faint list-note">Showing the newest {SESSION_TRACE_LIMIT} of its {state.total} traces.</div>
            ) : null}
            {!state.turns.length ? <div class="muted">The server holds no trace of this session (evicted or cleared?).</div> : null}
            {state.turns.map(({ trace, calls }) => {
              const start = nanoToMs(trace.startTimeUnixNano);
              return (
                <div class="session-turn" key={trace.traceId} data-trace-id={trace.traceId}>
                  <div class="session-turn-head">
                    <a href={`#/trace/${encodeURIComponent(trace.traceId)}`} title="Open the trace">
                      {trace.name || trace.traceId}
                    </a>
                    <span class="faint" title={formatDateTime(start)}>
                      {formatWhen(start)}
                    </span>
                    <span class="faint">{formatDuration(trace.durationMs)}</span>
                    <span class="tokens">
                      {formatTokens(trace.inputTokens)}→{formatTokens(trace.outputTokens)}
                    </span>
                    {trace.errorCount ? <span class="badge badge-error">{trace.errorCount} err</span> : null}
                  </div>
                  {calls.length ? (
                    <ChatView system={null} input={userTurns(calls)} output={lastOutput(calls)} />
                  ) : (
                    <div class="muted">No LLM content in this trace.</div>
                  )}
                </div>
              );
            })}
          </div>
        ) : null}
      </div>
    </section>
  );
}

/** The user message the trace's first call answered (earlier turns are the previous traces'). */
function userTurns(calls: StoredSpan[]): NormalizedMessage[] {
  const users = (calls[0].genAi?.inputMessages ?? []).filter((m) => m.role === 'user' && m.parts.some((p) => p.type !== 'tool_call_response'));
  return users.length ? [users[users.length - 1]] : [];
}

/** What the trace's last call answered. */
function lastOutput(calls: StoredSpan[]): NormalizedMessage[] {
  return calls[calls.length - 1].genAi?.outputMessages ?? [];
}
