import type { AttributeValue, Attributes, EntityView } from './api-types.js';
import { isObj, json, str } from './attribute-readers.js';
import { entityKindOf } from './gen-ai-summary.js';
import { AI_SDK_CONTENT, OPENINFERENCE_CONTENT, SEMCONV_CONTENT, TRACELOOP_CONTENT } from '../../lib/forward/content-registry.js';

/** A captured value: JSON text parsed (unless its MIME type says it is text), an absent or empty one null. */
function value(v: AttributeValue | undefined, mimeType?: string | null): unknown {
  if (v == null || v === '') return null;
  if (mimeType && !mimeType.includes('json')) return v;
  return json(v);
}

/**
 * Traceloop's decorators record a call's input as `{ args: [...], kwargs: {...} }`: the one argument or the keyword
 * arguments are what the reader wants; nothing at all is no input.
 */
function traceloopInput(v: AttributeValue | undefined): unknown {
  const parsed = value(v);
  if (!isObj(parsed) || !('args' in parsed) || !('kwargs' in parsed) || Object.keys(parsed).length !== 2) return parsed;
  const args = Array.isArray(parsed.args) ? parsed.args : [];
  const kwargs = isObj(parsed.kwargs) ? parsed.kwargs : {};
  const hasKwargs = Object.keys(kwargs).length > 0;
  if (!args.length) return hasKwargs ? kwargs : null;
  if (!hasKwargs) return args.length === 1 ? args[0] : args;
  return parsed;
}

/**
 * The input and output of an application span (tool call, chain, workflow, task, agent; MCP tool calls included), in
 * whichever dialect the sender used: GenAI `gen_ai.tool.call.arguments` / `result`, the AI SDK's `ai.toolCall.*`,
 * Traceloop's `traceloop.entity.input` / `output`, OpenInference's `input.value` / `output.value`. Null for spans
 * that are none of these.
 * @example normalizeEntity({ 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'get_weather', 'traceloop.entity.input': '{"args":[],"kwargs":{"city":"Paris"}}' })?.input // { city: 'Paris' }
 */
export function normalizeEntity(a: Attributes, spanName?: string): EntityView | null {
  const kind = entityKindOf(a);
  const hasTraceloop = a[TRACELOOP_CONTENT.entityInput] != null || a[TRACELOOP_CONTENT.entityOutput] != null;
  if (!kind && !hasTraceloop) return null;
  const view: EntityView = {
    kind: kind ?? 'task',
    name:
      str(a['gen_ai.tool.name']) ??
      str(a['ai.toolCall.name']) ??
      str(a['traceloop.entity.name']) ??
      str(a['tool.name']) ??
      (kind === 'agent' ? str(a['gen_ai.agent.name']) : null) ??
      (kind === 'workflow' ? str(a['traceloop.workflow.name']) : null) ??
      spanName ??
      null,
    input: null,
    output: null,
  };
  const callId = str(a['gen_ai.tool.call.id']) ?? str(a['ai.toolCall.id']);
  if (callId) view.toolCallId = callId;
  view.input =
    value(a[SEMCONV_CONTENT.toolCallArguments]) ??
    value(a[AI_SDK_CONTENT.toolCallArgs] ?? a[AI_SDK_CONTENT.toolCallInput]) ??
    traceloopInput(a[TRACELOOP_CONTENT.entityInput]) ??
    (kind ? value(a[OPENINFERENCE_CONTENT.inputValue], str(a['input.mime_type'])) : null);
  view.output =
    value(a[SEMCONV_CONTENT.toolCallResult]) ??
    value(a[AI_SDK_CONTENT.toolCallResult] ?? a[AI_SDK_CONTENT.toolCallOutput]) ??
    value(a[TRACELOOP_CONTENT.entityOutput]) ??
    value(a[TRACELOOP_CONTENT.mcpResponseValue]) ??
    (kind ? value(a[OPENINFERENCE_CONTENT.outputValue], str(a['output.mime_type'])) : null);
  return view;
}
