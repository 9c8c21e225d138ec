import { formatCost, formatDateTime, formatTokens, formatWhen } from '../lib/format.js';
import { nanoToMs } from '../lib/nano-time.js';
import { formatRoute, sessionRoute } from '../lib/route.js';
import type { ViewerModel } from '../models/viewer-model.js';

/**
 * The list pane in sessions mode: sessions newest first (traces grouped by `session.id` / conversation id), each
 * with its user, trace count, tokens, cost and errors, linking to the session's page; a user's sessions on click.
 *
 * @example
 * {mode === 'sessions' ? <SessionList model={model} /> : null}
 */
export function SessionList({ model }: { model: ViewerModel }) {
  const { items, total, loading, error, user } = model.sessions.sessions.value;
  const current = model.route.value.page === 'session' ? model.route.value.sessionId : null;
  return (
    <div class="session-list" data-testid="session-list">
      {user ? (
        <div class="list-filter">
          sessions of user <b class="mono">{user}</b>
          <button type="button" class="btn btn-small" onClick={() => void model.sessions.loadSessions('')}>
            All users
          </button>
        </div>
      ) : null}
      {error ? <div class="banner">Could not list sessions: {error}</div> : null}
      {!items.length ? (
        <div class="list-empty">{loading ? 'Asking the server…' : 'No sessions: no trace carries session.id or a conversation id.'}</div>
      ) : (
        <div class="session-rows">
          {total != null && total > items.length ? <div class="faint list-note">Showing the newest {items.length.toLocaleString()} of {total.toLocaleString()} sessions.</div> : null}
          {items.map((s) => (
            <a key={s.sessionId} class={`session-row${s.sessionId === current ? ' selected' : ''}`} href={formatRoute(sessionRoute(s.sessionId))} data-session-id={s.sessionId}>
              <div class="trace-line">
                <span class="trace-name mono" title={s.sessionId}>
                  {s.sessionId}
                </span>
                <span class="trace-duration">{s.traceCount === 1 ? '1 trace' : `${s.traceCount} traces`}</span>
              </div>
              <div class="trace-line trace-meta">
                {s.userId ? (
                  <button
                    type="button"
                    class="link-btn trace-service"
                    title={`Sessions of user ${s.userId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      void model.sessions.loadSessions(s.userId!);
                    }}
                  >
                    {s.userId}
                  </button>
                ) : (
                  <span class="faint">no user</span>
                )}
                <span class="trace-when" title={formatDateTime(nanoToMs(s.endTimeUnixNano))}>
                  {formatWhen(nanoToMs(s.endTimeUnixNano))}
                </span>
                <span class="tokens">
                  {formatTokens(s.inputTokens)}→{formatTokens(s.outputTokens)}
                </span>
                <span class="faint">{formatCost(s.costUsd)}</span>
                <span class="spacer" />
                {s.errorCount ? <span class="badge badge-error">{s.errorCount} err</span> : null}
              </div>
            </a>
          ))}
        </div>
      )}
    </div>
  );
}
