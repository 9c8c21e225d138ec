import type { Span } from '@opentelemetry/api';
import { scrubUrlsInText, type TextScrubber } from '../content/scrub-secrets.js';

/**
 * Adds the OTel `exception` event for a thrown value, with its message and stack passed through `scrub` first:
 * runtimes quote the URL in their errors (`Request cannot be constructed from a URL that includes credentials:
 * https://user:KEY@host/...`), so the SDK's own `recordException` would copy a key straight into the span.
 *
 * @example
 * recordSpanException(span, error, scrubUrlsInText);
 */
export function recordSpanException(span: Span, error: unknown, scrub: TextScrubber = scrubUrlsInText): void {
  try {
    // The attributes the SDK's recordException writes: type from `code` or `name`, message, stack.
    const attributes: Record<string, string> = {};
    if (error instanceof Error) {
      const code = (error as { code?: unknown }).code;
      const type = code != null && code !== '' ? String(code) : error.name;
      if (type) attributes['exception.type'] = scrub(type);
      if (error.message) attributes['exception.message'] = scrub(error.message);
      if (error.stack) attributes['exception.stacktrace'] = scrub(error.stack);
    } else {
      attributes['exception.message'] = scrub(String(error));
    }
    span.addEvent('exception', attributes);
  } catch {
    // best effort: a hostile error object must not break the caller
  }
}
