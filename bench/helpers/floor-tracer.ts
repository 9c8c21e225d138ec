/**
 * The bench's floor: a hand-written fetch wrapper doing only the work issue-level aims call "what a span truly needs"
 * (one parse of what it reads, one serialization of content, one span), with the same OpenTelemetry SDK and batch
 * processor as the library. No observation of the caller's reads (the op hands it what it read), no secrets
 * scrubbing, no provider matching, no unread tracking, no error paths. Measured beside the library in
 * `lib-loopback.ts`, it says how much of the library's added CPU is the span's own work on this machine, so an aim
 * can be judged against what any tracer must pay.
 */
import { SpanKind, type Tracer } from '@opentelemetry/api';

interface ChatCompletion {
  id?: string;
  model?: string;
  choices?: Array<{ finish_reason?: string; message?: unknown }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

/** `fetch` + `json()` with one span: request parsed once, messages and completion serialized once. */
export function floorJsonCall(tracer: Tracer, fetchFn: typeof fetch, url: string, init: RequestInit & { body: string }): () => Promise<unknown> {
  return async () => {
    const request = JSON.parse(init.body) as { model?: string; messages?: unknown; temperature?: number; max_tokens?: number };
    const span = tracer.startSpan(`chat ${request.model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': request.model,
        'gen_ai.request.temperature': request.temperature,
        'gen_ai.request.max_tokens': request.max_tokens,
        'server.address': '127.0.0.1',
      },
    });
    const response = await fetchFn(url, init);
    const body = (await response.json()) as ChatCompletion;
    span.setAttributes({
      'http.response.status_code': response.status,
      'gen_ai.response.id': body.id,
      'gen_ai.response.model': body.model,
      'gen_ai.response.finish_reasons': (body.choices ?? []).map((c) => c.finish_reason ?? ''),
      'gen_ai.usage.input_tokens': body.usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': body.usage?.completion_tokens,
      'gen_ai.input.messages': JSON.stringify(request.messages),
      'gen_ai.output.messages': JSON.stringify((body.choices ?? []).map((c) => c.message)),
    });
    span.end();
    return body;
  };
}

/**
 * A streamed chat call read to the end with one span: each SSE event's data parsed once, the text accumulated, the
 * first chunk's time recorded. Returns the same first-chunk figures as the bench's other stream readers.
 */
export function floorSseCall(tracer: Tracer, fetchFn: typeof fetch, url: string, init: RequestInit & { body: string }) {
  return async (): Promise<{ firstCpuUs: number; firstWallUs: number }> => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const request = JSON.parse(init.body) as { model?: string; messages?: unknown };
    const span = tracer.startSpan(`chat ${request.model}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': request.model },
    });
    const reader = (await fetchFn(url, init)).body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    let content = '';
    let finish = '';
    let usage: ChatCompletion['usage'];
    const feed = (text: string) => {
      buffered += text;
      let end: number;
      while ((end = buffered.indexOf('\n\n')) !== -1) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (!event.startsWith('data: ') || event === 'data: [DONE]') continue;
        const chunk = JSON.parse(event.slice(6)) as { choices?: Array<{ delta?: { content?: string }; finish_reason?: string }>; usage?: ChatCompletion['usage'] };
        const choice = chunk.choices?.[0];
        if (choice?.delta?.content) content += choice.delta.content;
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
    };
    let read = await reader.read();
    span.setAttribute('gen_ai.response.time_to_first_chunk', (performance.now() - t0) / 1000);
    if (!read.done) feed(decoder.decode(read.value, { stream: true }));
    const firstWallUs = (performance.now() - t0) * 1000;
    const cpu = process.cpuUsage(cpu0);
    while (!read.done) {
      read = await reader.read();
      if (!read.done) feed(decoder.decode(read.value, { stream: true }));
    }
    feed(decoder.decode());
    span.setAttributes({
      'gen_ai.response.finish_reasons': [finish],
      'gen_ai.usage.input_tokens': usage?.prompt_tokens,
      'gen_ai.usage.output_tokens': usage?.completion_tokens,
      'gen_ai.input.messages': JSON.stringify(request.messages),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content }], finish_reason: finish }]),
    });
    span.end();
    return { firstCpuUs: cpu.user + cpu.system, firstWallUs };
  };
}
