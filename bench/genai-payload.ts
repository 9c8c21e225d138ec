// Realistic GenAI OTLP payloads for the viewer benchmarks: chat spans as the tracelight library and OpenLLMetry emit
// them (2-4 KB of messages each, tool calls, usage, the Node SDK's resource), inside workflow > agent > llm trees.
import { encodeTraceRequestProtobuf } from '../lib/forward/encode-otlp-protobuf.js';
import type { OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from '../lib/forward/otlp-types.js';
import { seededRandom as seeded } from '../test/helpers/seeded-random.js';

const WORDS = (
  'the a to of and in is for on with that this it as be are was by from or an at your can will not we have you has ' +
  'model token stream request response latency budget customer order invoice refund shipping weather forecast ' +
  'paris tokyo berlin temperature summary report quarter revenue growth margin churn retention onboarding ticket'
).split(' ');

function sentence(rnd: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rnd() * WORDS.length)]);
  out[0] = out[0][0].toUpperCase() + out[0].slice(1);
  return out.join(' ') + '.';
}

function text(rnd: () => number, bytes: number): string {
  let out = '';
  while (out.length < bytes) out += sentence(rnd, 8 + Math.floor(rnd() * 10)) + ' ';
  return out.slice(0, bytes);
}

const s = (key: string, stringValue: string): OtlpKeyValue => ({ key, value: { stringValue } });
const i = (key: string, n: number): OtlpKeyValue => ({ key, value: { intValue: String(n) } });
const d = (key: string, doubleValue: number): OtlpKeyValue => ({ key, value: { doubleValue } });

const hex = (rnd: () => number, bytes: number) => Array.from({ length: bytes * 2 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');

/** One chat span's attributes: the current GenAI conventions with 2-4 KB of messages. */
function chatAttributes(rnd: () => number): OtlpKeyValue[] {
  const question = text(rnd, 300 + Math.floor(rnd() * 500));
  const context = text(rnd, 1200 + Math.floor(rnd() * 1500));
  const answer = text(rnd, 300 + Math.floor(rnd() * 700));
  const input = [
    { role: 'user', parts: [{ type: 'text', content: context }] },
    { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_' + hex(rnd, 6), name: 'get_weather', arguments: { city: 'Paris' } }] },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: { temp: 18, sky: 'light rain' } }] },
    { role: 'user', parts: [{ type: 'text', content: question }] },
  ];
  const output = [{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }];
  const inputTokens = 400 + Math.floor(rnd() * 900);
  return [
    s('gen_ai.operation.name', 'chat'),
    s('gen_ai.provider.name', 'openai'),
    s('gen_ai.request.model', 'gpt-4o-mini'),
    s('gen_ai.response.model', 'gpt-4o-mini-2024-07-18'),
    s('gen_ai.response.id', 'chatcmpl-' + hex(rnd, 12)),
    { key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
    d('gen_ai.request.temperature', 0.2),
    i('gen_ai.request.max_tokens', 1024),
    i('gen_ai.usage.input_tokens', inputTokens),
    i('gen_ai.usage.output_tokens', 80 + Math.floor(rnd() * 300)),
    i('gen_ai.usage.cache_read.input_tokens', Math.floor(inputTokens / 2)),
    s('server.address', 'api.openai.com'),
    i('server.port', 443),
    s('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: 'You are a helpful travel assistant. Answer briefly.' }])),
    s('gen_ai.input.messages', JSON.stringify(input)),
    s('gen_ai.output.messages', JSON.stringify(output)),
    s('session.id', 'session-' + Math.floor(rnd() * 50)),
  ];
}

/**
 * An OTLP request of `spans` GenAI spans: traces of workflow > agent > chat (most spans are chat spans with
 * messages), one resource as the OTel Node SDK sends it.
 * @example const request = genAiRequest(512, seeded(1));
 */
export function genAiRequest(spans: number, rnd: () => number): OtlpTraceRequest {
  const now = BigInt(Date.now()) * 1_000_000n;
  const out: OtlpSpan[] = [];
  let traceId = '';
  let root = '';
  for (let n = 0; n < spans; n++) {
    const position = n % 8;
    if (position === 0) {
      traceId = hex(rnd, 16);
      root = hex(rnd, 8);
    }
    const start = now + BigInt(n) * 1_000_000n;
    const span: OtlpSpan = {
      traceId,
      spanId: position === 0 ? root : hex(rnd, 8),
      parentSpanId: position === 0 ? '' : root,
      name: position === 0 ? 'plan-trip.workflow' : 'chat gpt-4o-mini',
      kind: position === 0 ? 1 : 3,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 850_000_000n),
      attributes: position === 0 ? [s('traceloop.span.kind', 'workflow'), s('traceloop.entity.name', 'plan-trip')] : chatAttributes(rnd),
      events: [],
      links: [],
      status: { code: 0 },
    };
    out.push(span);
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            s('service.name', 'support-bot'),
            s('telemetry.sdk.language', 'nodejs'),
            s('telemetry.sdk.name', 'opentelemetry'),
            s('telemetry.sdk.version', '2.2.0'),
            s('process.runtime.name', 'nodejs'),
            s('process.runtime.version', '20.20.2'),
            i('process.pid', 4242),
            s('host.name', 'dev-laptop'),
          ],
        },
        scopeSpans: [{ scope: { name: 'tracelight', version: '0.1.0' }, spans: out }],
      },
    ],
  };
}

/**
 * The same request as OTLP/HTTP bodies: protobuf and JSON.
 * @example const { protobuf, json } = genAiBodies(512, 1);
 */
export function genAiBodies(spans: number, seed: number): { protobuf: Buffer; json: Buffer; request: OtlpTraceRequest } {
  const request = genAiRequest(spans, seeded(seed));
  return { request, protobuf: Buffer.from(encodeTraceRequestProtobuf(request)), json: Buffer.from(JSON.stringify(request)) };
}
