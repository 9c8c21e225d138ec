import { diag } from '@opentelemetry/api';
import type { ContentAttributeName, ContentOptions } from './content-options.js';

/** Marker appended to content cut at `maxContentLength`, so readers know the JSON is incomplete. */
export const TRUNCATION_MARKER = '…[truncated]';

/**
 * Turns one content value into the string that goes on a span: applies the redact hook, serializes to JSON and
 * truncates to `maxContentLength`. Returns undefined when capture is off, the value is empty, the hook dropped it or
 * anything failed (a failing hook drops the value rather than leaking it).
 *
 * @example
 * serializeContent([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }], 'gen_ai.input.messages',
 *   { captureContent: true, maxContentLength: 1000 });
 * // '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]'
 */
export function serializeContent(
  value: unknown,
  name: ContentAttributeName,
  options: ContentOptions,
): string | undefined {
  if (!options.captureContent || value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  try {
    const redacted = options.redact ? options.redact(value, name) : value;
    if (redacted === undefined || redacted === null) return undefined;
    const json = typeof redacted === 'string' ? redacted : JSON.stringify(redacted);
    if (json === undefined) return undefined;
    const max = options.maxContentLength;
    if (max >= 0 && json.length > max) return json.slice(0, max) + TRUNCATION_MARKER;
    return json;
  } catch (error) {
    diag.warn(`tracelight: dropped ${name} (redact hook or serialization failed)`, error);
    return undefined;
  }
}
