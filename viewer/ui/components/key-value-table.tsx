import type { Attributes } from '../../shared/api-types.js';
import { formatValue } from '../lib/format.js';

/**
 * A two-column table of attributes, sorted by key; values render as text (JSON for non-strings).
 *
 * @example
 * <KeyValueTable attributes={span.attributes} />
 */
export function KeyValueTable({ attributes, testId }: { attributes: Attributes; testId?: string }) {
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
              <td>{text.length > 200 ? <span class="long">{text}</span> : text}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
