import type { Attributes } from '../../shared/api-types.js';
import { formatValue } from '../lib/format.js';
import { CopyButton } from './copy-button.js';

/**
 * A two-column table of attributes, sorted by key; values render as text (JSON for non-strings), each with a copy
 * button.
 *
 * @example
 * <KeyValueTable attributes={span.attributes} />
 */
export function KeyValueTable({ attributes, testId, copy = true }: { attributes: Attributes; testId?: string; copy?: boolean }) {
  const keys = Object.keys(attributes).sort();
  if (!keys.length) return <div class="muted">None.</div>;
  return (
    <table class="kv" data-testid={testId}>
      <tbody>
        {keys.map((k) => {
          const text = formatValue(attributes[k]);
          return (
            <tr key={k}>
              <td>{k}</td>
              <td>
                <div class="kv-value">
                  <span class={text.length > 200 ? 'long' : undefined}>{text}</span>
                  {copy && text ? <CopyButton text={text} label={`Copy ${k}`} /> : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
