// What the Node exporter spends encoding GenAI spans, next to OpenTelemetry's own serializers on the same spans:
// 512 SDK spans (one export batch) with the attributes a tracelight chat span carries, a ~1 KB request and a 2 KB or
// 20 KB completion as content. CPU per span, alternating rounds, median. `node --import tsx bench/span-encoding.ts`
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { createSpansProtobufEncoder } from '../lib/export/encode-spans-protobuf.js';
import { chatRequestBody, text } from './helpers/bench-payloads.js';

const BATCH = 512;
const ROUNDS = 15;

function genAiSpans(completionChars: number): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('tracelight', '0.1.0');
  const messages = JSON.parse(chatRequestBody(false)).messages as Array<{ role: string; content: string }>;
  const input = JSON.stringify(messages.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] })));
  for (let i = 0; i < BATCH; i++) {
    const span = tracer.startSpan('chat gpt-4o-mini', {
      kind: 2,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'server.address': 'api.openai.com', 'server.port': 443 },
    });
    span.setAttributes({
      'http.request.method': 'POST',
      'url.full': 'https://api.openai.com/v1/chat/completions',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.stream': false,
      'gen_ai.input.messages': input,
      'http.response.status_code': 200,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': `chatcmpl-${i}`,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 212,
      'gen_ai.usage.output_tokens': Math.round(completionChars / 4),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: text(completionChars, i) }], finish_reason: 'stop' }]),
    });
    span.end();
  }
  return exporter.getFinishedSpans();
}

/** Median CPU µs per span of each encoder, per completion size; and whether ours wrote OpenTelemetry's bytes. */
export function measureSpanEncoding(): Record<string, { ours: number; otelProtobuf: number; otelJson: number; identical: boolean }> {
  const out: ReturnType<typeof measureSpanEncoding> = {};
  const ours = createSpansProtobufEncoder();
  for (const chars of [2048, 20_480]) {
    const spans = genAiSpans(chars);
    const encoders = {
      ours: () => ours(spans),
      otelProtobuf: () => ProtobufTraceSerializer.serializeRequest(spans),
      otelJson: () => JsonTraceSerializer.serializeRequest(spans),
    };
    const a = encoders.ours();
    const b = encoders.otelProtobuf()!;
    const identical = a.length === b.length && a.every((x, i) => x === b[i]);
    const samples: Record<keyof typeof encoders, number[]> = { ours: [], otelProtobuf: [], otelJson: [] };
    for (const f of Object.values(encoders)) f(); // warm
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, f] of Object.entries(encoders) as Array<[keyof typeof encoders, () => unknown]>) {
        const cpu0 = process.cpuUsage();
        f();
        const cpu = process.cpuUsage(cpu0);
        samples[name].push((cpu.user + cpu.system) / BATCH);
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    out[`${chars >> 10} KB completion`] = { ours: median(samples.ours), otelProtobuf: median(samples.otelProtobuf), otelJson: median(samples.otelJson), identical };
  }
  return out;
}

/** Prints the encoding table. */
export function printSpanEncoding(results: ReturnType<typeof measureSpanEncoding>): void {
  console.log(`\nspan encoding for export, CPU µs per GenAI span (batches of ${BATCH}, median of ${ROUNDS} alternating rounds)`);
  console.log(`${''.padEnd(20)}${'tracelight protobuf'.padStart(21)}${'OTel protobuf'.padStart(15)}${'ratio'.padStart(8)}${'OTel JSON'.padStart(11)}  same bytes as OTel`);
  for (const [size, r] of Object.entries(results)) {
    console.log(`${size.padEnd(20)}${r.ours.toFixed(1).padStart(21)}${r.otelProtobuf.toFixed(1).padStart(15)}${(r.ours / r.otelProtobuf).toFixed(2).padStart(8)}${r.otelJson.toFixed(1).padStart(11)}  ${r.identical ? 'yes' : 'NO'}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  printSpanEncoding(measureSpanEncoding());
}
