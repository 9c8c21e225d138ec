import type { StoredSpan } from '../../shared/api-types.js';
import { formatValue } from '../lib/format.js';
import { CopyButton } from './copy-button.js';

/**
 * The whole error of a failed span, in the panel's flow (never cut, never only a tooltip): the status message,
 * `error.type`, and each recorded exception with its message and stack trace.
 *
 * @example
 * {span.status.code === 2 ? <SpanError span={span} /> : null}
 */
export function SpanError({ span }: { span: StoredSpan }) {
  const exceptions = span.events.filter((e) => e.name === 'exception');
  const type = span.attributes['error.type'];
  const message = span.status.message ?? '';
  const all = [
    type != null ? `error.type: ${formatValue(type)}` : '',
    message,
    ...exceptions.map((e) => [e.attributes['exception.type'], e.attributes['exception.message'], e.attributes['exception.stacktrace']].filter((v) => v != null).map(formatValue).join('\n')),
  ]
    .filter(Boolean)
    .join('\n\n');
  return (
    <div class="error-box" role="alert" data-testid="span-error">
      <div class="error-head">
        <b>Error</b>
        {type != null ? <span class="badge badge-error">{formatValue(type)}</span> : null}
        {all ? <CopyButton text={all} label="Copy the error" /> : null}
      </div>
      {message ? <div class="error-message" data-testid="span-error-message">{message}</div> : null}
      {exceptions.map((e, i) => (
        <div key={i} class="error-exception">
          <div class="error-message">
            {[e.attributes['exception.type'], e.attributes['exception.message']].filter((v) => v != null).map(formatValue).join(': ')}
          </div>
          {e.attributes['exception.stacktrace'] != null ? <pre class="error-stack">{formatValue(e.attributes['exception.stacktrace'])}</pre> : null}
        </div>
      ))}
      {!message && !exceptions.length ? <div class="muted">The sender gave no error message.</div> : null}
    </div>
  );
}
