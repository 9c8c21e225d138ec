// A small adapter for a made-up "acme" wire format, so the core is tested without the built-in providers.
// JSON: { id, model, choices: [{ text, finish }], usage: { in, out } }; stream: SSE/NDJSON events { delta, finish?, usage? }.
import type { GenAiResponse, ProviderAdapter, StreamEvent } from '../../lib/providers/provider-adapter.js';

export const acmeAdapter: ProviderAdapter = {
  id: 'acme',
  matches: (req) => req.url.pathname.startsWith('/acme/'),
  parseRequest(req) {
    const body = (req.body ?? {}) as any;
    return {
      providerName: 'acme',
      operationName: 'chat',
      model: body.model,
      stream: body.stream === true,
      params: { temperature: body.temperature, max_tokens: body.max_tokens },
      inputMessages: (body.messages ?? []).map((m: any) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] })),
      systemInstructions: body.system ? [{ type: 'text', content: body.system }] : undefined,
      toolDefinitions: body.tools,
    };
  },
  parseResponse(body: any, _req, status) {
    if (status >= 400) return { error: body?.error ? { type: body.error.type, message: body.error.message } : undefined };
    return {
      id: body.id,
      model: body.model,
      finishReasons: body.choices?.map((c: any) => c.finish),
      outputMessages: body.choices?.map((c: any) => ({ role: 'assistant', parts: [{ type: 'text', content: c.text }], finish_reason: c.finish })),
      usage: body.usage ? { inputTokens: body.usage.in, outputTokens: body.usage.out } : undefined,
    };
  },
  createStreamAccumulator() {
    let text = '';
    const out: GenAiResponse = {};
    return {
      push(event: StreamEvent) {
        const value = event.kind === 'sse' ? (event.data === '[DONE]' ? undefined : JSON.parse(event.data)) : event.value;
        if (!value) return;
        if (value.model) out.model = value.model;
        if (value.id) out.id = value.id;
        if (value.delta) text += value.delta;
        if (value.finish) out.finishReasons = [value.finish];
        if (value.usage) out.usage = { inputTokens: value.usage.in, outputTokens: value.usage.out };
      },
      finish() {
        out.outputMessages = [{ role: 'assistant', parts: [{ type: 'text', content: text }] }];
        return out;
      },
    };
  },
};

/** The JSON part of `acmeAdapter` as JavaScript source, for scripts run in child processes against the built package. */
export const ACME_ADAPTER_SOURCE = `{
  id: 'acme',
  matches: (r) => r.url.pathname.startsWith('/acme/'),
  parseRequest: (r) => ({ providerName: 'acme', operationName: 'chat', model: r.body.model, stream: false, params: {} }),
  parseResponse: (b) => ({ id: b.id, usage: { inputTokens: b.usage.in, outputTokens: b.usage.out } }),
  createStreamAccumulator: () => ({ push() {}, finish: () => ({}) }),
}`;
