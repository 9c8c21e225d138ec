import { diag, type Attributes, type Span } from '@opentelemetry/api';
import type { ContentAttributeName, ContentOptions } from '../content/content-options.js';
import { boundedJson } from '../content/bounded-json.js';
import { TRUNCATION_MARKER } from '../content/serialize-content.js';

const ENTITY_INPUT = 'traceloop.entity.input';
const ENTITY_OUTPUT = 'traceloop.entity.output';
const TOOL_ARGUMENTS = 'gen_ai.tool.call.arguments';
const TOOL_RESULT = 'gen_ai.tool.call.result';

/** The value after the redact hook; undefined when the hook dropped it or failed (content is never leaked by error). */
function redacted(value: unknown, name: ContentAttributeName, content: ContentOptions): unknown {
  try {
    const v = content.redact ? content.redact(value, name) : value;
    return v === null ? undefined : v;
  } catch (error) {
    diag.warn(`tracelight: dropped ${name} (redact hook failed)`, error);
    return undefined;
  }
}

/** Bounded JSON, cut at `maxContentLength` with the truncation marker. */
function toJson(value: unknown, content: ContentOptions): string | undefined {
  const { json, truncated } = boundedJson(value, content.maxContentLength);
  return json === undefined ? undefined : truncated ? json + TRUNCATION_MARKER : json;
}

/** Traceloop's decorators record arguments as `{ args, kwargs }`: one plain object as keyword arguments. */
function traceloopArgs(input: unknown): unknown {
  const plain = typeof input === 'object' && input !== null && Object.getPrototypeOf(input) === Object.prototype;
  return plain ? { args: [], kwargs: input } : { args: [input], kwargs: {} };
}

/**
 * The input attributes of an entity span, when content capture is on and an input was given: Traceloop's
 * `traceloop.entity.input` (`{ args, kwargs }`), and for tools also `gen_ai.tool.call.arguments` (the input as JSON).
 * The redact hook sees the input as given, named `gen_ai.tool.call.arguments` for a tool and `traceloop.entity.input`
 * otherwise. Never throws.
 *
 * @example
 * Object.assign(attributes, entityInputAttributes('tool', { city: 'Paris' }, content));
 */
export function entityInputAttributes(kind: string, input: unknown, content: ContentOptions): Attributes {
  const out: Attributes = {};
  if (!content.captureContent || input === undefined) return out;
  try {
    const value = redacted(input, kind === 'tool' ? TOOL_ARGUMENTS : ENTITY_INPUT, content);
    if (value === undefined) return out;
    const entity = toJson(traceloopArgs(value), content);
    if (entity !== undefined) out[ENTITY_INPUT] = entity;
    if (kind === 'tool') {
      const args = toJson(value, content);
      if (args !== undefined) out[TOOL_ARGUMENTS] = args;
    }
  } catch {
    // recording is best effort
  }
  return out;
}

/**
 * Records what an entity's function returned (or its promise resolved to) as `traceloop.entity.output`, and for tools
 * `gen_ai.tool.call.result` too, when content capture is on; the redact hook sees it as `gen_ai.tool.call.result` for
 * a tool and `traceloop.entity.output` otherwise. Never throws.
 *
 * @example
 * recordEntityOutput(span, 'tool', { temperature: 18 }, content);
 */
export function recordEntityOutput(span: Span, kind: string, result: unknown, content: ContentOptions): void {
  if (!content.captureContent || result === undefined) return;
  try {
    const value = redacted(result, kind === 'tool' ? TOOL_RESULT : ENTITY_OUTPUT, content);
    if (value === undefined) return;
    const json = toJson(value, content);
    if (json === undefined) return;
    span.setAttribute(ENTITY_OUTPUT, json);
    if (kind === 'tool') span.setAttribute(TOOL_RESULT, json);
  } catch {
    // recording is best effort
  }
}
