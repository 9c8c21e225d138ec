// Builders of OTLP JSON requests for tests.
import { randomBytes } from 'node:crypto';

export const hexId = (bytes: number): string => randomBytes(bytes).toString('hex');

export interface SpanInput {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  attributes?: Record<string, string | number | boolean>;
  status?: { code: number; message?: string };
  startMs?: number;
  durationMs?: number;
}

export function kv(attributes: Record<string, string | number | boolean>) {
  return Object.entries(attributes).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }));
}

export function otlpJson(spans: SpanInput[], service = 'test-service') {
  const now = Date.now();
  return {
    resourceSpans: [
      {
        resource: { attributes: kv({ 'service.name': service }) },
        scopeSpans: [
          {
            scope: { name: 'test', version: '1.0.0' },
            spans: spans.map((s) => {
              const start = BigInt(s.startMs ?? now) * 1_000_000n;
              return {
                traceId: s.traceId ?? hexId(16),
                spanId: s.spanId ?? hexId(8),
                parentSpanId: s.parentSpanId ?? '',
                name: s.name ?? 'span',
                kind: 3,
                startTimeUnixNano: String(start),
                endTimeUnixNano: String(start + BigInt(Math.round((s.durationMs ?? 10) * 1e6))),
                attributes: kv(s.attributes ?? {}),
                status: s.status ?? { code: 0 },
              };
            }),
          },
        ],
      },
    ],
  };
}
