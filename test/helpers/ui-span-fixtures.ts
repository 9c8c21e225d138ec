// Builders of StoredSpan fixtures for the UI model tests (shape per viewer/shared/api-types.ts).
import type { GenAiView, StoredSpan } from '../../viewer/shared/api-types.js';

const BASE_NANO = 1_700_000_000_000_000_000n;

/** A span starting `startMs` after a fixed epoch and lasting `durationMs`. */
export function makeSpan(p: {
  traceId?: string;
  spanId: string;
  parentSpanId?: string | null;
  name?: string;
  startMs?: number;
  durationMs?: number;
  error?: boolean;
  service?: string;
  genAi?: Partial<GenAiView> | null;
  attributes?: StoredSpan['attributes'];
}): StoredSpan {
  const start = BASE_NANO + BigInt(Math.round((p.startMs ?? 0) * 1e6));
  const end = start + BigInt(Math.round((p.durationMs ?? 10) * 1e6));
  return {
    traceId: p.traceId ?? 't1',
    spanId: p.spanId,
    parentSpanId: p.parentSpanId ?? null,
    name: p.name ?? p.spanId,
    kind: p.genAi ? 3 : 1,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(end),
    status: p.error ? { code: 2, message: 'boom' } : { code: 0 },
    attributes: p.attributes ?? {},
    events: [],
    resource: { attributes: { 'service.name': p.service ?? 'svc' } },
    scope: { name: 'test' },
    genAi: p.genAi
      ? {
          provider: 'openai',
          operation: 'chat',
          requestModel: 'gpt-4o-mini',
          responseModel: 'gpt-4o-mini',
          inputTokens: 10,
          outputTokens: 5,
          inputMessages: null,
          outputMessages: null,
          systemInstructions: null,
          finishReasons: null,
          timeToFirstChunkMs: null,
          costUsd: null,
          cacheReadInputTokens: null,
          cacheCreationInputTokens: null,
          reasoningOutputTokens: null,
          ...p.genAi,
        }
      : null,
  };
}
