import type { AttributeValue, Attributes, GenAiView, MessagePart as Part, NormalizedMessage, SpanEvent } from './api-types.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from './model-prices.js';
import { genAiSummary } from './gen-ai-summary.js';

/** The parts of a span the normalizer reads. */
export interface GenAiSource {
  name?: string;
  attributes: Attributes;
  events?: SpanEvent[];
}


// ---------- small readers ----------

function str(v: AttributeValue | undefined): string | null {
  if (v == null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function num(v: AttributeValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** JSON text becomes its value; anything else is returned as is. */
function json(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (!t || !'[{"'.includes(t[0])) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------- content shapes ----------

// AI SDK 5 wraps tool results as { type: 'json' | 'text', value }.
function toolOutput(v: unknown): unknown {
  const value = json(v);
  if (isObj(value) && typeof value.type === 'string' && 'value' in value && Object.keys(value).length === 2) return json(value.value);
  return value;
}

/** Message content in any common shape (string, OpenAI/Anthropic/AI SDK part arrays, JSON text of such an array). */
function contentToParts(content: unknown): Part[] {
  let value = content;
  // Only a JSON array of typed parts is unpacked: a user's text that happens to be JSON stays text.
  if (typeof value === 'string' && value.trimStart().startsWith('[')) {
    const parsed = json(value);
    if (Array.isArray(parsed) && parsed.every((p) => isObj(p) && typeof p.type === 'string')) value = parsed;
  }
  if (value == null || value === '') return [];
  if (typeof value === 'string') return [{ type: 'text', content: value }];
  if (Array.isArray(value)) return value.flatMap((item) => contentToParts1(item));
  if (isObj(value)) return contentToParts1(value);
  return [{ type: 'text', content: String(value) }];
}

function contentToParts1(item: unknown): Part[] {
  if (typeof item === 'string') return [{ type: 'text', content: item }];
  if (!isObj(item)) return item == null ? [] : [{ type: 'text', content: String(item) }];
  const type = typeof item.type === 'string' ? item.type : 'text';
  if (type === 'text' || type === 'input_text' || type === 'output_text') {
    const text = item.text ?? item.content;
    return [{ type: 'text', content: typeof text === 'string' ? text : JSON.stringify(text) }];
  }
  if (type === 'tool-call' || type === 'tool_use' || type === 'tool_call' || type === 'function_call') {
    return [
      {
        type: 'tool_call',
        id: item.toolCallId ?? item.id ?? item.call_id,
        name: item.toolName ?? item.name,
        arguments: json(item.input ?? item.args ?? item.arguments),
      },
    ];
  }
  if (type === 'tool-result' || type === 'tool_result' || type === 'tool_call_response') {
    return [
      {
        type: 'tool_call_response',
        id: item.toolCallId ?? item.tool_use_id ?? item.id,
        response: toolOutput(item.output ?? item.result ?? item.content ?? item.response),
      },
    ];
  }
  if (type === 'reasoning' || type === 'thinking') {
    return [{ type: 'reasoning', content: item.text ?? item.thinking ?? item.content }];
  }
  return [{ ...item, type }];
}

function toolCallPart(call: unknown): Part | null {
  if (!isObj(call)) return null;
  const fn = isObj(call.function) ? call.function : call;
  return {
    type: 'tool_call',
    id: call.id ?? call.toolCallId,
    name: fn.name ?? call.toolName,
    arguments: json(fn.arguments ?? call.args ?? call.input),
  };
}

/** A message in any common shape (GenAI `{role, parts}`, OpenAI/Anthropic `{role, content, tool_calls}`) to the view. */
function toMessage(value: unknown, defaultRole = 'user'): NormalizedMessage | null {
  if (!isObj(value)) return typeof value === 'string' ? { role: defaultRole, parts: contentToParts(value) } : null;
  const role = typeof value.role === 'string' ? value.role : defaultRole;
  let parts: Part[];
  if (Array.isArray(value.parts)) {
    parts = value.parts.filter(isObj).map((p) => ({ ...p, type: typeof p.type === 'string' ? p.type : 'text' }));
  } else {
    const toolCallId = value.tool_call_id ?? value.toolCallId ?? (role === 'tool' ? value.id : undefined);
    parts = contentToParts(value.content);
    if (role === 'tool' && toolCallId != null && !parts.some((p) => p.type === 'tool_call_response')) {
      // A tool message's content is the tool's result (often JSON text).
      parts = [{ type: 'tool_call_response', id: toolCallId, response: toolOutput(value.content) }];
    }
    const calls = json(value.tool_calls ?? value.toolCalls);
    if (Array.isArray(calls)) for (const c of calls) {
      const part = toolCallPart(c);
      if (part) parts.push(part);
    }
  }
  const message: NormalizedMessage = { role, parts };
  const finish = value.finish_reason ?? value.finishReason;
  if (typeof finish === 'string') message.finish_reason = finish;
  if (typeof value.name === 'string' && value.name) message.name = value.name;
  return message;
}

function toMessages(value: unknown, defaultRole?: string): NormalizedMessage[] | null {
  const v = json(value);
  if (!Array.isArray(v)) return null;
  return v.map((m) => toMessage(m, defaultRole)).filter((m): m is NormalizedMessage => m !== null);
}

// ---------- indexed (flattened) attributes ----------

/** Groups `prefix.N.rest` attributes by N: [{ rest: value }...] in index order. */
function indexed(attrs: Attributes, prefix: string): Array<Record<string, AttributeValue>> {
  const groups = new Map<number, Record<string, AttributeValue>>();
  const p = prefix + '.';
  for (const key in attrs) {
    if (!key.startsWith(p)) continue;
    const rest = key.slice(p.length);
    const dot = rest.indexOf('.');
    const n = Number(dot < 0 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(n) || dot < 0) continue;
    let g = groups.get(n);
    if (!g) groups.set(n, (g = {}));
    g[rest.slice(dot + 1)] = attrs[key];
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

/** Sub-groups of an indexed group: `tool_calls.M.name` -> [{ name }...]. */
function subIndexed(group: Record<string, AttributeValue>, prefix: string): Array<Record<string, AttributeValue>> {
  return indexed(group as Attributes, prefix);
}

/** OpenLLMetry `gen_ai.prompt.N.*` / `gen_ai.completion.N.*`. */
function openLlmetryMessages(attrs: Attributes, prefix: string, defaultRole: string): NormalizedMessage[] | null {
  const groups = indexed(attrs, prefix);
  if (!groups.length) return null;
  return groups.map((g) => {
    const calls = subIndexed(g, 'tool_calls').map((c) => ({
      id: str(c.id) ?? undefined,
      name: str(c.name),
      arguments: str(c.arguments),
    }));
    const m = toMessage(
      {
        role: str(g.role) ?? defaultRole,
        content: g.content,
        tool_calls: calls.length ? calls : undefined,
        tool_call_id: str(g.tool_call_id) ?? undefined,
        finish_reason: str(g.finish_reason) ?? undefined,
      },
      defaultRole,
    )!;
    return m;
  });
}

/** OpenInference `llm.input_messages.N.message.*`. */
function openInferenceMessages(attrs: Attributes, prefix: string, defaultRole: string): NormalizedMessage[] | null {
  const groups = indexed(attrs, prefix);
  if (!groups.length) return null;
  return groups.map((g) => {
    const role = str(g['message.role']) ?? defaultRole;
    const parts: Part[] = [];
    const content = g['message.content'];
    if (content != null) parts.push(...contentToParts(content));
    for (const c of subIndexed(g, 'message.contents')) {
      const type = str(c['message_content.type']) ?? 'text';
      if (type === 'text') parts.push({ type: 'text', content: str(c['message_content.text']) ?? '' });
      else if (type === 'image') parts.push({ type: 'uri', modality: 'image', uri: str(c['message_content.image.image.url']) });
    }
    for (const c of subIndexed(g, 'message.tool_calls')) {
      parts.push({
        type: 'tool_call',
        id: str(c['tool_call.id']) ?? undefined,
        name: str(c['tool_call.function.name']),
        arguments: json(c['tool_call.function.arguments']),
      });
    }
    const toolCallId = str(g['message.tool_call_id']);
    if (role === 'tool' && toolCallId) {
      const text = parts.filter((p) => p.type === 'text').map((p) => p.content).join('');
      return { role, parts: [{ type: 'tool_call_response', id: toolCallId, response: toolOutput(text) }] };
    }
    return { role, parts };
  });
}

// ---------- events ----------

const EVENT_ROLES: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

function eventBody(e: SpanEvent): Record<string, unknown> {
  // Bodies come as plain attributes, or as one JSON attribute (`gen_ai.event.content` / `body`).
  const packed = json(e.attributes['gen_ai.event.content'] ?? e.attributes['body']);
  return isObj(packed) ? { ...e.attributes, ...packed } : { ...e.attributes };
}

function eventMessages(events: SpanEvent[]): { input: NormalizedMessage[] | null; output: NormalizedMessage[] | null } {
  let input: NormalizedMessage[] | null = null;
  let output: NormalizedMessage[] | null = null;
  for (const e of events) {
    const role = EVENT_ROLES[e.name];
    if (role) {
      const body = eventBody(e);
      const m = toMessage({ ...body, role: typeof body.role === 'string' ? body.role : role }, role);
      if (m) (input ??= []).push(m);
    } else if (e.name === 'gen_ai.choice') {
      const body = eventBody(e);
      const message = json(body.message);
      const m = toMessage(isObj(message) ? { role: 'assistant', ...message } : { role: 'assistant', ...body }, 'assistant');
      if (m) {
        const finish = str(body.finish_reason as AttributeValue);
        if (finish) m.finish_reason = finish;
        (output ??= []).push(m);
      }
    } else if (e.name === 'gen_ai.content.prompt') {
      input = toMessages(e.attributes['gen_ai.prompt']) ?? input;
    } else if (e.name === 'gen_ai.content.completion') {
      output = toMessages(e.attributes['gen_ai.completion'], 'assistant') ?? output;
    } else if (e.name === 'gen_ai.client.inference.operation.details') {
      input = toMessages(e.attributes['gen_ai.input.messages']) ?? input;
      output = toMessages(e.attributes['gen_ai.output.messages'], 'assistant') ?? output;
    }
  }
  return { input, output };
}

// ---------- Vercel AI SDK ----------

function aiSdkInput(attrs: Attributes): NormalizedMessage[] | null {
  const messages = toMessages(attrs['ai.prompt.messages']);
  if (messages) return messages;
  const prompt = json(attrs['ai.prompt']);
  if (isObj(prompt)) {
    const out: NormalizedMessage[] = [];
    if (typeof prompt.system === 'string') out.push({ role: 'system', parts: [{ type: 'text', content: prompt.system }] });
    if (Array.isArray(prompt.messages)) out.push(...(toMessages(prompt.messages) ?? []));
    else if (prompt.prompt != null) out.push({ role: 'user', parts: contentToParts(prompt.prompt) });
    return out.length ? out : null;
  }
  if (typeof prompt === 'string') return [{ role: 'user', parts: [{ type: 'text', content: prompt }] }];
  return null;
}

function aiSdkOutput(attrs: Attributes): NormalizedMessage[] | null {
  const text = str(attrs['ai.response.text']);
  const calls = json(attrs['ai.response.toolCalls']);
  if (text == null && !Array.isArray(calls)) return null;
  const parts: Part[] = text ? [{ type: 'text', content: text }] : [];
  if (Array.isArray(calls)) for (const c of calls) {
    const part = toolCallPart(c);
    if (part) parts.push(part);
  }
  const m: NormalizedMessage = { role: 'assistant', parts };
  const finish = str(attrs['ai.response.finishReason']);
  if (finish) m.finish_reason = finish;
  return [m];
}

// ---------- assembly ----------

function splitSystem(messages: NormalizedMessage[] | null): { rest: NormalizedMessage[] | null; system: Part[] | null } {
  if (!messages) return { rest: null, system: null };
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').flatMap((m) => m.parts);
  const rest = messages.filter((m) => m.role !== 'system' && m.role !== 'developer');
  return { rest, system: system.length ? system : null };
}

function systemInstructions(v: AttributeValue | undefined): Part[] | null {
  if (v == null) return null;
  const parsed = json(v);
  if (Array.isArray(parsed)) return parsed.flatMap((p) => contentToParts1(p));
  return contentToParts(parsed);
}

function finishReasonsOf(messages: NormalizedMessage[] | null): string[] | null {
  const reasons = messages?.map((m) => m.finish_reason).filter((r): r is string => !!r);
  return reasons?.length ? reasons : null;
}

/**
 * Reads one normalized `GenAiView` from an LLM span in any dialect: current OTel GenAI conventions, OpenLLMetry's
 * indexed attributes, GenAI message events, OpenInference, or the Vercel AI SDK. Null for spans that are not LLM calls.
 * Pure; used by the server at ingest and by the UI for imported data.
 * @example normalizeGenAi({ attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10 } })?.inputTokens // 10
 */
export function normalizeGenAi(span: GenAiSource, prices: PriceTable = DEFAULT_MODEL_PRICES): GenAiView | null {
  const summary = genAiSummary(span.attributes, prices);
  if (!summary) return null;
  const a = span.attributes;
  // Each dialect is read only when the ones before it found nothing (`??` is lazy): a span in the current
  // conventions never pays for scanning its attributes for indexed, OpenInference or AI SDK keys.
  let events: ReturnType<typeof eventMessages> | undefined;
  const eventsOf = () => (events ??= eventMessages(span.events ?? []));

  const input =
    toMessages(a['gen_ai.input.messages']) ??
    openLlmetryMessages(a, 'gen_ai.prompt', 'user') ??
    eventsOf().input ??
    openInferenceMessages(a, 'llm.input_messages', 'user') ??
    aiSdkInput(a);
  const output =
    toMessages(a['gen_ai.output.messages'], 'assistant') ??
    openLlmetryMessages(a, 'gen_ai.completion', 'assistant') ??
    eventsOf().output ??
    openInferenceMessages(a, 'llm.output_messages', 'assistant') ??
    aiSdkOutput(a);
  const split = splitSystem(input);
  const system = systemInstructions(a['gen_ai.system_instructions']) ?? split.system;
  return {
    ...summary,
    finishReasons: summary.finishReasons ?? finishReasonsOf(output),
    inputMessages: split.rest,
    outputMessages: output,
    systemInstructions: system,
  };
}
