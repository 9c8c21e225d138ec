import type { MessagePart, NormalizedMessage } from '../shared/api-types.js';
import type { ReplayParameters, ReplayWire } from '../shared/replay-types.js';

/** A replay call ready to send (credentials are added by the caller). */
export interface WireCall {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** What a replay sends, in the normalized shape the viewer shows. */
export interface ReplayContent {
  model: string;
  system: string | null;
  messages: NormalizedMessage[];
  parameters: ReplayParameters;
  stream: boolean;
  /** Tool definitions as recorded (`gen_ai.tool.definitions`: `{ type: 'function', name, description, parameters }`). */
  tools: unknown[] | null;
}

/**
 * Builds the provider request for a replay in one wire format from the normalized conversation: text, tool calls,
 * tool results and inline images go back in that provider's own shape; parameters map to its names.
 *
 * @example
 * buildWireCall('openai-chat', 'https://api.openai.com/v1/chat/completions', { model: 'gpt-4o-mini', system: null, messages, parameters: { temperature: 0 }, stream: false, tools: null });
 */
export function buildWireCall(wire: ReplayWire, endpoint: string, content: ReplayContent): WireCall {
  const json = { 'content-type': 'application/json' };
  switch (wire) {
    case 'openai-chat':
      return { url: endpoint, headers: json, body: openAiBody(content) };
    case 'anthropic-messages':
      return { url: endpoint, headers: { ...json, 'anthropic-version': '2023-06-01' }, body: anthropicBody(content) };
    case 'gemini-generate': {
      const url = endpoint.replace('{model}', encodeURIComponent(content.model));
      return { url: content.stream ? url.replace(/:generateContent$/, ':streamGenerateContent?alt=sse') : url, headers: json, body: geminiBody(content) };
    }
    case 'ollama-chat':
      return { url: endpoint, headers: json, body: ollamaBody(content) };
  }
}

const textOf = (parts: MessagePart[]) => parts.filter((p) => p.type === 'text').map((p) => (typeof p.content === 'string' ? p.content : JSON.stringify(p.content))).join('');
const jsonText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v ?? null));
const jsonValue = (v: unknown) => {
  if (typeof v !== 'string') return v ?? {};
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
};
const resultOf = (p: MessagePart) => p.response ?? p.result ?? p.content;

/** Inline image bytes of a part (`blob` with base64 content, or a `data:` URI), else null. */
function inlineImage(p: MessagePart): { mime: string; data: string } | null {
  if (p.type === 'blob' && typeof p.content === 'string' && (p.modality === 'image' || String(p.mime_type ?? '').startsWith('image/'))) {
    return { mime: String(p.mime_type ?? 'image/png'), data: p.content };
  }
  const uri = typeof p.uri === 'string' ? p.uri : null;
  const m = uri ? /^data:(image\/[^;,]+);base64,(.*)$/.exec(uri) : null;
  return m ? { mime: m[1], data: m[2] } : null;
}
const imageUrl = (p: MessagePart) => (p.type === 'uri' && typeof p.uri === 'string' && p.modality === 'image' ? p.uri : null);

function toolsFor(content: ReplayContent): Array<{ name: string; description?: unknown; parameters?: unknown }> {
  return (content.tools ?? [])
    .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string')
    .map((t) => ({ name: t.name as string, description: t.description, parameters: t.parameters }));
}

function openAiBody(c: ReplayContent): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  if (c.system) messages.push({ role: 'system', content: c.system });
  for (const m of c.messages) {
    const calls = m.parts.filter((p) => p.type === 'tool_call');
    const results = m.parts.filter((p) => p.type === 'tool_call_response');
    for (const r of results) messages.push({ role: 'tool', tool_call_id: String(r.id ?? ''), content: jsonText(resultOf(r)) });
    const rest = m.parts.filter((p) => p.type !== 'tool_call' && p.type !== 'tool_call_response');
    if (!rest.length && !calls.length) continue;
    const media = rest.some((p) => inlineImage(p) || imageUrl(p));
    const content = media
      ? rest.flatMap((p): Record<string, unknown>[] => {
          const img = inlineImage(p);
          if (img) return [{ type: 'image_url', image_url: { url: `data:${img.mime};base64,${img.data}` } }];
          const url = imageUrl(p);
          if (url) return [{ type: 'image_url', image_url: { url } }];
          return p.type === 'text' ? [{ type: 'text', text: String(p.content ?? '') }] : [];
        })
      : textOf(rest);
    const message: Record<string, unknown> = { role: m.role === 'model' ? 'assistant' : m.role, content: calls.length && !content ? null : content };
    if (calls.length) {
      message.tool_calls = calls.map((p) => ({ id: String(p.id ?? ''), type: 'function', function: { name: String(p.name ?? ''), arguments: jsonText(p.arguments ?? {}) } }));
    }
    messages.push(message);
  }
  const p = c.parameters;
  const body: Record<string, unknown> = { model: c.model, messages };
  setIf(body, 'temperature', p.temperature);
  setIf(body, 'max_tokens', p.max_tokens);
  setIf(body, 'top_p', p.top_p);
  setIf(body, 'frequency_penalty', p.frequency_penalty);
  setIf(body, 'presence_penalty', p.presence_penalty);
  setIf(body, 'seed', p.seed);
  if (p.stop_sequences?.length) body.stop = p.stop_sequences;
  const tools = toolsFor(c);
  if (tools.length) body.tools = tools.map((t) => ({ type: 'function', function: compact({ name: t.name, description: t.description, parameters: t.parameters }) }));
  if (c.stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}

function anthropicBody(c: ReplayContent): Record<string, unknown> {
  const messages: Array<{ role: string; content: Record<string, unknown>[] }> = [];
  const push = (role: string, blocks: Record<string, unknown>[]) => {
    if (!blocks.length) return;
    const last = messages[messages.length - 1];
    // Anthropic wants user and assistant turns to alternate: consecutive ones of a role become one.
    if (last?.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const m of c.messages) {
    const role = m.role === 'assistant' || m.role === 'model' ? 'assistant' : 'user';
    const blocks = m.parts.flatMap((p): Record<string, unknown>[] => {
      if (p.type === 'text') return [{ type: 'text', text: String(p.content ?? '') }];
      if (p.type === 'tool_call') return [{ type: 'tool_use', id: String(p.id ?? ''), name: String(p.name ?? ''), input: jsonValue(p.arguments) }];
      if (p.type === 'tool_call_response') return [{ type: 'tool_result', tool_use_id: String(p.id ?? ''), content: jsonText(resultOf(p)) }];
      const img = inlineImage(p);
      if (img) return [{ type: 'image', source: { type: 'base64', media_type: img.mime, data: img.data } }];
      const url = imageUrl(p);
      if (url) return [{ type: 'image', source: { type: 'url', url } }];
      return [];
    });
    push(role, blocks);
  }
  const p = c.parameters;
  const body: Record<string, unknown> = { model: c.model, max_tokens: p.max_tokens ?? 1024, messages };
  if (c.system) body.system = c.system;
  setIf(body, 'temperature', p.temperature);
  setIf(body, 'top_p', p.top_p);
  setIf(body, 'top_k', p.top_k);
  if (p.stop_sequences?.length) body.stop_sequences = p.stop_sequences;
  const tools = toolsFor(c);
  if (tools.length) body.tools = tools.map((t) => compact({ name: t.name, description: t.description, input_schema: t.parameters ?? { type: 'object', properties: {} } }));
  if (c.stream) body.stream = true;
  return body;
}

function geminiBody(c: ReplayContent): Record<string, unknown> {
  const names = new Map<string, string>();
  const contents = c.messages.map((m) => ({
    role: m.role === 'assistant' || m.role === 'model' ? 'model' : 'user',
    parts: m.parts.flatMap((p): Record<string, unknown>[] => {
      if (p.type === 'text') return [{ text: String(p.content ?? '') }];
      if (p.type === 'tool_call') {
        if (p.id != null) names.set(String(p.id), String(p.name ?? ''));
        return [{ functionCall: { name: String(p.name ?? ''), args: jsonValue(p.arguments) } }];
      }
      if (p.type === 'tool_call_response') {
        const response = jsonValue(resultOf(p));
        const name = String(p.name ?? names.get(String(p.id ?? '')) ?? p.id ?? '');
        return [{ functionResponse: { name, response: response && typeof response === 'object' && !Array.isArray(response) ? response : { result: response } } }];
      }
      const img = inlineImage(p);
      if (img) return [{ inlineData: { mimeType: img.mime, data: img.data } }];
      const url = imageUrl(p);
      if (url) return [{ fileData: { fileUri: url } }];
      return [];
    }),
  })).filter((m) => m.parts.length);
  const p = c.parameters;
  const config: Record<string, unknown> = {};
  setIf(config, 'temperature', p.temperature);
  setIf(config, 'maxOutputTokens', p.max_tokens);
  setIf(config, 'topP', p.top_p);
  setIf(config, 'topK', p.top_k);
  setIf(config, 'seed', p.seed);
  setIf(config, 'frequencyPenalty', p.frequency_penalty);
  setIf(config, 'presencePenalty', p.presence_penalty);
  if (p.stop_sequences?.length) config.stopSequences = p.stop_sequences;
  const body: Record<string, unknown> = { contents };
  if (c.system) body.systemInstruction = { parts: [{ text: c.system }] };
  if (Object.keys(config).length) body.generationConfig = config;
  const tools = toolsFor(c);
  if (tools.length) body.tools = [{ functionDeclarations: tools.map((t) => compact({ name: t.name, description: t.description, parameters: t.parameters })) }];
  return body;
}

function ollamaBody(c: ReplayContent): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  if (c.system) messages.push({ role: 'system', content: c.system });
  for (const m of c.messages) {
    for (const r of m.parts.filter((p) => p.type === 'tool_call_response')) messages.push({ role: 'tool', content: jsonText(resultOf(r)) });
    const rest = m.parts.filter((p) => p.type !== 'tool_call_response');
    if (!rest.length) continue;
    const message: Record<string, unknown> = { role: m.role === 'model' ? 'assistant' : m.role, content: textOf(rest) };
    const images = rest.map(inlineImage).filter((i): i is { mime: string; data: string } => !!i).map((i) => i.data);
    if (images.length) message.images = images;
    const calls = rest.filter((p) => p.type === 'tool_call');
    if (calls.length) message.tool_calls = calls.map((p) => ({ function: { name: String(p.name ?? ''), arguments: jsonValue(p.arguments) } }));
    messages.push(message);
  }
  const p = c.parameters;
  const options: Record<string, unknown> = {};
  setIf(options, 'temperature', p.temperature);
  setIf(options, 'num_predict', p.max_tokens);
  setIf(options, 'top_p', p.top_p);
  setIf(options, 'top_k', p.top_k);
  setIf(options, 'seed', p.seed);
  setIf(options, 'frequency_penalty', p.frequency_penalty);
  setIf(options, 'presence_penalty', p.presence_penalty);
  if (p.stop_sequences?.length) options.stop = p.stop_sequences;
  const body: Record<string, unknown> = { model: c.model, messages, stream: c.stream };
  if (Object.keys(options).length) body.options = options;
  const tools = toolsFor(c);
  if (tools.length) body.tools = tools.map((t) => ({ type: 'function', function: compact({ name: t.name, description: t.description, parameters: t.parameters }) }));
  return body;
}

function setIf(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null && !(typeof value === 'number' && !Number.isFinite(value))) target[key] = value;
}

function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
