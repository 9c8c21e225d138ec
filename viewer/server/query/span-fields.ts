import type { AttributeValue, MessagePart, NormalizedMessage, StoredSpan } from '../../shared/api-types.js';
import { isContentAttribute } from '../../../lib/forward/content-registry.js';

/**
 * One piece of a span's content, addressed by a path that every tool uses alike: `get_trace` shows excerpts of it,
 * `search` matches in it and says where, and `get_span` reads it whole or page by page (`field` and `offset`).
 *
 * Paths: `system.<i>` (system instructions), `input.<m>.<p>` / `output.<m>.<p>` (message m, part p), `entity.input` /
 * `entity.output` (a tool, agent or workflow span), `status` (the status message), `event.<i>.<key>`, `attr.<key>`,
 * `resource.<key>`.
 */
export interface SpanField {
  path: string;
  /** What it is, for the reader: `user`, `assistant tool_call get_weather (call_1)`, `tool result (call_1)` ... */
  label: string;
  text: string;
  /** Whether it is content (prompts, completions, tool input/output, errors): what `search` looks in. */
  content: boolean;
  /** A number, boolean or null attribute: written as is, not quoted as recorded text. */
  scalar?: boolean;
}

/**
 * What makes two fields the same content wherever they appear: an agent loop sends the previous turns' output
 * messages back as input, so a message's finish reason (output only) is left out.
 * @example sameContentKey(field) === sameContentKey(other)
 */
export function sameContentKey(f: SpanField): string {
  return `${f.label.replace(/ \(finish [^)]*\)$/, '')}\u0000${f.text}`;
}

/** A value as text: strings as they are, anything else as compact JSON. */
export function valueText(value: unknown): string {
  if (value == null) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function partText(part: MessagePart): string {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return valueText(part.content);
    case 'tool_call':
      return valueText(part.arguments);
    case 'tool_call_response':
      return valueText(part.response);
    default: {
      const { type: _type, ...rest } = part;
      return valueText(rest);
    }
  }
}

function partLabel(role: string, part: MessagePart): string {
  const id = typeof part.id === 'string' && part.id ? ` (${part.id})` : '';
  switch (part.type) {
    case 'text':
      return role;
    case 'reasoning':
      return `${role} reasoning`;
    case 'tool_call':
      return `${role} tool_call ${valueText(part.name) || '?'}${id}`;
    case 'tool_call_response':
      return `${role} tool result${id}`;
    default:
      return `${role} ${part.type}`;
  }
}

function messageFields(group: 'input' | 'output', messages: NormalizedMessage[] | null, out: SpanField[]): void {
  messages?.forEach((m, i) => {
    const role = m.name ? `${m.role} ${m.name}` : m.role;
    const finish = m.finish_reason ? ` (finish ${m.finish_reason})` : '';
    if (!m.parts.length) out.push({ path: `${group}.${i}.0`, label: `${role}${finish} (no content)`, text: '', content: true });
    m.parts.forEach((p, j) => {
      out.push({ path: `${group}.${i}.${j}`, label: partLabel(role, p) + (j === 0 ? finish : ''), text: partText(p), content: true });
    });
  });
}

const EXCEPTION_TEXT = new Set(['exception.message', 'exception.type']);

/**
 * The content of a span as its normalized view reads it: system instructions, input and output messages, a tool's
 * or workflow's input and output, the status message and exception messages. When the view found no conversation
 * (a dialect it does not read), the span's content attributes stand in for it, so nothing recorded is out of reach.
 * @example contentFields(span).map((f) => f.path) // ['system.0', 'input.0.0', 'output.0.0']
 */
export function contentFields(span: StoredSpan): SpanField[] {
  const out: SpanField[] = [];
  const g = span.genAi;
  g?.systemInstructions?.forEach((p, i) => out.push({ path: `system.${i}`, label: p.type === 'text' ? '' : partLabel('system', p), text: partText(p), content: true }));
  messageFields('input', g?.inputMessages ?? null, out);
  messageFields('output', g?.outputMessages ?? null, out);
  const e = g?.entity;
  if (e) {
    if (e.input != null) out.push({ path: 'entity.input', label: '', text: valueText(e.input), content: true });
    if (e.output != null) out.push({ path: 'entity.output', label: '', text: valueText(e.output), content: true });
  }
  const viewed = out.length > 0;
  if (span.status.message) out.push({ path: 'status', label: '', text: span.status.message, content: true });
  span.events.forEach((ev, i) => {
    if (ev.name !== 'exception') return;
    for (const key of EXCEPTION_TEXT) {
      const v = ev.attributes[key];
      if (v != null && v !== '') out.push({ path: `event.${i}.${key}`, label: '', text: valueText(v), content: true });
    }
  });
  if (!viewed) {
    for (const [key, v] of Object.entries(span.attributes)) {
      if (isContentAttribute(key) && v != null && v !== '') out.push({ path: `attr.${key}`, label: '', text: valueText(v), content: true });
    }
  }
  return out;
}

const scalar = (v: AttributeValue) => typeof v === 'number' || typeof v === 'boolean' || v === null;

/**
 * Every field of a span, for reading it in full: its content (as `contentFields`), then every event attribute,
 * attribute and resource attribute (content attributes included: raw, as the sender wrote them).
 * @example allFields(span).find((f) => f.path === 'attr.gen_ai.request.temperature')
 */
export function allFields(span: StoredSpan): SpanField[] {
  const out = contentFields(span);
  const seen = new Set(out.map((f) => f.path));
  const add = (path: string, v: AttributeValue) => {
    if (!seen.has(path)) out.push(scalar(v) ? { path, label: '', text: String(v), content: false, scalar: true } : { path, label: '', text: valueText(v), content: false });
  };
  span.events.forEach((ev, i) => {
    for (const [key, v] of Object.entries(ev.attributes)) add(`event.${i}.${key}`, v);
  });
  for (const [key, v] of Object.entries(span.attributes)) add(`attr.${key}`, v);
  for (const [key, v] of Object.entries(span.resource.attributes)) add(`resource.${key}`, v);
  return out;
}

/**
 * The field at `path`, or null.
 * @example fieldAt(span, 'output.0.0')?.text
 */
export function fieldAt(span: StoredSpan, path: string): SpanField | null {
  return allFields(span).find((f) => f.path === path) ?? null;
}
