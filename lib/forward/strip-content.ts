import type { OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from './otlp-types.js';

const CONTENT_KEYS = new Set([
  // current GenAI conventions
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  // older GenAI event attributes
  'gen_ai.prompt',
  'gen_ai.completion',
  'gen_ai.event.content',
  // Vercel AI SDK
  'ai.prompt',
  'ai.response.text',
  'ai.response.toolCalls',
  'ai.response.object',
  'ai.response.reasoning',
  'ai.toolCall.args',
  'ai.toolCall.result',
  'ai.value',
  'ai.values',
  // OpenInference and Traceloop entity payloads
  'input.value',
  'output.value',
  'llm.prompts',
  'traceloop.entity.input',
  'traceloop.entity.output',
]);

const CONTENT_PREFIXES = [
  'gen_ai.prompt.',
  'gen_ai.completion.',
  'ai.prompt.',
  'llm.input_messages.',
  'llm.output_messages.',
  'llm.tools.',
  'llm.prompt_template.',
];

// Attributes of GenAI message events that carry the message itself.
const EVENT_CONTENT_KEYS = new Set(['content', 'message', 'tool_calls', 'arguments', 'body']);

/**
 * Whether an attribute carries prompt, completion or tool content.
 * @example isContentAttribute('gen_ai.prompt.0.content') // true
 */
export function isContentAttribute(key: string): boolean {
  if (CONTENT_KEYS.has(key)) return true;
  for (const p of CONTENT_PREFIXES) if (key.startsWith(p)) return true;
  return false;
}

function keep(list: OtlpKeyValue[], event = false): OtlpKeyValue[] {
  return list.filter((kv) => !isContentAttribute(kv.key) && !(event && EVENT_CONTENT_KEYS.has(kv.key)));
}

function stripSpan(s: OtlpSpan): OtlpSpan {
  return {
    ...s,
    attributes: keep(s.attributes),
    events: s.events.map((e) => ({ ...e, attributes: keep(e.attributes, e.name.startsWith('gen_ai.')) })),
  };
}

/**
 * A copy of a request without content attributes (prompts, completions, system instructions, tool definitions and
 * arguments) in every dialect we know; the input is left untouched so the local view keeps the content.
 * @example forwarder.enqueue(stripContent(request))
 */
export function stripContent(request: OtlpTraceRequest): OtlpTraceRequest {
  return {
    resourceSpans: request.resourceSpans.map((rs) => ({
      ...rs,
      scopeSpans: rs.scopeSpans.map((ss) => ({ ...ss, spans: ss.spans.map(stripSpan) })),
    })),
  };
}
