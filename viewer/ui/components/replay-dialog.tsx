import type { StoredSpan } from '../../shared/api-types.js';
import { PARAMETER_NAMES } from '../models/replay-model.js';
import type { ViewerModel } from '../models/viewer-model.js';

const ROLES = ['system', 'user', 'assistant', 'tool'];

/**
 * The Replay button of an LLM span's panel: opens the editor (the server first says whether and where the call
 * would go).
 *
 * @example
 * {span.genAi ? <ReplayButton model={model} span={span} /> : null}
 */
export function ReplayButton({ model, span }: { model: ViewerModel; span: StoredSpan }) {
  return (
    <button type="button" class="btn btn-small" data-testid="replay" title="Edit the messages or parameters and send this call again (from the viewer server)" onClick={() => void model.replay.open(span)}>
      Replay…
    </button>
  );
}

/**
 * The replay editor: the recorded call's model, system text, messages and parameters, editable, and a two-step send
 * (Send, then Confirm, every time) that names the URL and the key variable the server will use. The key itself never
 * reaches the page. On success the original and the new call open side by side.
 *
 * @example
 * {model.replay.state.value.status !== 'closed' ? <ReplayDialog model={model} /> : null}
 */
export function ReplayDialog({ model }: { model: ViewerModel }) {
  const { replay } = model;
  const state = replay.state.value;
  const draft = replay.draft.value;
  if (state.status === 'closed') return null;
  const close = () => replay.close();
  return (
    <div class="overlay" onClick={close}>
      <div class="dialog dialog-wide" role="dialog" aria-modal="true" aria-label="Replay this call" data-testid="replay-dialog" onClick={(e) => e.stopPropagation()}>
        <div class="dialog-head">
          <h2>Replay this call</h2>
          <button type="button" class="btn btn-icon" aria-label="Close" onClick={close}>
            ✕
          </button>
        </div>
        {state.status === 'checking' ? <p class="muted">Asking the viewer where this call would go…</p> : null}
        {state.status === 'unavailable' ? (
          <div class="replay-off" data-testid="replay-unavailable">
            <p>{state.check.error}</p>
            {state.check.keyVariable ? (
              <p class="muted">
                Keys are read from the viewer's environment only, e.g. <span class="code-inline">{state.check.keyVariable}=… npx tracelight</span>; the
                browser never holds one.
              </p>
            ) : null}
          </div>
        ) : null}
        {draft && (state.status === 'editing' || state.status === 'confirming' || state.status === 'sending') ? (
          <>
            <div class="replay-target" data-testid="replay-target">
              <span class="badge">POST</span> <span class="mono">{state.check.url}</span>
              <div class="faint">
                {state.check.sendsKey
                  ? `with the key in ${state.check.keyVariable} (from the viewer's environment; the page never sees it)`
                  : 'without a key (a host on this machine)'}
              </div>
            </div>
            <fieldset class="replay-form" disabled={state.status === 'sending'}>
              <label class="field">
                <span>Model</span>
                <input class="input" data-testid="replay-model" value={draft.model} onInput={(e) => replay.edit({ model: (e.currentTarget as HTMLInputElement).value })} />
              </label>
              <label class="field">
                <span>System</span>
                <textarea class="input" rows={2} data-testid="replay-system" value={draft.system} onInput={(e) => replay.edit({ system: (e.currentTarget as HTMLTextAreaElement).value })} />
              </label>
              <div class="field">
                <span>Messages</span>
                {draft.messages.map((m, i) => (
                  <div class="replay-message" key={i}>
                    <div class="replay-message-head">
                      <select class="select" aria-label={`Role of message ${i + 1}`} value={m.role} onChange={(e) => replay.editMessage(i, { role: (e.currentTarget as HTMLSelectElement).value })}>
                        {[...new Set([...ROLES, m.role])].map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      {m.kept.length ? <span class="faint">+ {m.kept.map((p) => p.type.replace(/_/g, ' ')).join(', ')} (kept as recorded)</span> : null}
                      <span class="spacer" />
                      <button type="button" class="btn btn-small" aria-label={`Remove message ${i + 1}`} onClick={() => replay.removeMessage(i)}>
                        Remove
                      </button>
                    </div>
                    <textarea
                      class="input"
                      rows={Math.min(8, Math.max(2, m.text.split('\n').length))}
                      data-testid={`replay-message-${i}`}
                      value={m.text}
                      onInput={(e) => replay.editMessage(i, { text: (e.currentTarget as HTMLTextAreaElement).value })}
                    />
                  </div>
                ))}
                <button type="button" class="btn btn-small" onClick={() => replay.addMessage()}>
                  Add message
                </button>
              </div>
              <div class="field">
                <span>Parameters (empty: not sent)</span>
                <div class="replay-params">
                  {PARAMETER_NAMES.map((name) => (
                    <label key={name} class="param">
                      <span class="mono">{name}</span>
                      <input
                        class="input"
                        inputMode="decimal"
                        data-testid={`replay-param-${name}`}
                        value={draft.parameters[name]}
                        onInput={(e) => replay.setParameter(name, (e.currentTarget as HTMLInputElement).value)}
                      />
                    </label>
                  ))}
                  <label class="check">
                    <input type="checkbox" checked={draft.stream} onChange={(e) => replay.edit({ stream: (e.currentTarget as HTMLInputElement).checked })} />
                    stream
                  </label>
                </div>
              </div>
            </fieldset>
            {state.error ? (
              <div class="error-box" role="alert" data-testid="replay-error">
                <div class="error-message">{state.error}</div>
              </div>
            ) : null}
            <div class="dialog-foot">
              {state.status === 'confirming' || state.status === 'sending' ? (
                <>
                  <span class="confirm-text" data-testid="replay-confirm-text">
                    Send this call to <b>{hostOf(state.check.url)}</b>
                    {state.check.sendsKey ? ` with ${state.check.keyVariable}` : ''}? It is a real call (it may cost money).
                  </span>
                  <button type="button" class="btn" disabled={state.status === 'sending'} onClick={() => replay.cancelConfirm()}>
                    Back
                  </button>
                  <button type="button" class="btn btn-accent" data-testid="replay-confirm" disabled={state.status === 'sending'} onClick={() => void model.sendReplay()}>
                    {state.status === 'sending' ? 'Sending…' : 'Confirm and send'}
                  </button>
                </>
              ) : (
                <>
                  <span class="spacer" />
                  <button type="button" class="btn" onClick={close}>
                    Cancel
                  </button>
                  <button type="button" class="btn btn-accent" data-testid="replay-send" onClick={() => replay.askConfirm()}>
                    Send…
                  </button>
                </>
              )}
            </div>
          </>
        ) : null}
      </div>
    </div>
  );
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return url ?? '';
  }
}
