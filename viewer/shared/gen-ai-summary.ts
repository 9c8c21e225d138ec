import type { AttributeValue, Attributes } from './api-types.js';
import { DEFAULT_MODEL_PRICES, estimateCostUsd, type PriceTable } from './model-prices.js';

/**
 * The scalar facts of an LLM span: who, which model, how many tokens, what it cost. Read from a handful of scalar
 * attributes only (never message content), so the server can compute it at ingest without decoding a span's
 * content, and `normalizeGenAi` builds its view on top of it: the two cannot disagree.
 */
export interface GenAiSummary {
  provider: string | null;
  operation: string | null;
  requestModel: string | null;
  responseModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** Input tokens read from the provider's prompt cache (included in `inputTokens`). */
  cacheReadInputTokens: number | null;
  /** Input tokens written to the provider's prompt cache (included in `inputTokens`). */
  cacheCreationInputTokens: number | null;
  /** Output tokens spent on reasoning (included in `outputTokens`). */
  reasoningOutputTokens: number | null;
  timeToFirstChunkMs: number | null;
  /** Finish reasons given as a span attribute (the full view also reads them from output messages). */
  finishReasons: string[] | null;
  costUsd: number | null;
}

const LLM_MARKERS = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'llm.request.type',
  'llm.model_name',
  'llm.provider',
  'ai.model.id',
];

/**
 * Every attribute key `genAiSummary` reads. The server's ingest decodes only these (plus the span's identity) into
 * the attributes it passes: a key missing here would be silently ignored at ingest, so the summary's tests check
 * that reading only these keys gives the same summary as reading them all.
 */
export const GEN_AI_SUMMARY_KEYS: ReadonlySet<string> = new Set([
  ...LLM_MARKERS,
  'openinference.span.kind',
  'llm.system',
  'ai.model.provider',
  'ai.operationId',
  'llm.request.model',
  'llm.response.model',
  'ai.response.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.usage.prompt_tokens',
  'llm.token_count.prompt',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.usage.completion_tokens',
  'llm.token_count.completion',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.response.time_to_first_chunk',
  'gen_ai.server.time_to_first_token',
  'ai.response.msToFirstChunk',
  'ai.stream.msToFirstChunk',
  'gen_ai.response.finish_reasons',
  'ai.response.finishReason',
  'llm.response.finish_reason',
]);

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

/** A list attribute, or JSON text of one, or one string. */
function stringList(v: AttributeValue | undefined): string[] | null {
  let parsed: unknown = v;
  if (typeof v === 'string' && v.trimStart().startsWith('[')) {
    try {
      parsed = JSON.parse(v);
    } catch {
      parsed = v;
    }
  }
  if (Array.isArray(parsed)) return parsed.map(String);
  if (typeof parsed === 'string' && parsed) return [parsed];
  return null;
}

function providerOf(a: Attributes): string | null {
  const p = str(a['gen_ai.provider.name']) ?? str(a['gen_ai.system']) ?? str(a['llm.provider']) ?? str(a['llm.system']);
  if (p) return p.toLowerCase();
  const ai = str(a['ai.model.provider']); // "openai.chat", "anthropic.messages"
  return ai ? ai.split('.')[0].toLowerCase() : null;
}

function operationOf(a: Attributes): string | null {
  const op = str(a['gen_ai.operation.name']) ?? str(a['llm.request.type']);
  if (op) return op === 'completion' ? 'text_completion' : op === 'embedding' ? 'embeddings' : op;
  const kind = str(a['openinference.span.kind']);
  if (kind === 'LLM') return 'chat';
  if (kind === 'EMBEDDING') return 'embeddings';
  const id = str(a['ai.operationId']);
  if (id) return id.includes('embed') ? 'embeddings' : 'chat';
  return null;
}

/**
 * Whether a span's attributes mark it as an LLM call in any dialect we read.
 * @example isGenAiSpan({ 'gen_ai.request.model': 'gpt-4o' }) // true
 */
export function isGenAiSpan(a: Attributes): boolean {
  for (const key of LLM_MARKERS) if (a[key] != null) return true;
  const kind = a['openinference.span.kind'];
  return kind === 'LLM' || kind === 'EMBEDDING';
}

/**
 * The scalar GenAI facts of a span in any dialect; null for spans that are not LLM calls. Reads only
 * `GEN_AI_SUMMARY_KEYS`.
 * @example genAiSummary({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10 })?.inputTokens // 10
 */
export function genAiSummary(a: Attributes, prices: PriceTable = DEFAULT_MODEL_PRICES): GenAiSummary | null {
  if (!isGenAiSpan(a)) return null;
  const requestModel = str(a['gen_ai.request.model']) ?? str(a['llm.request.model']) ?? str(a['llm.model_name']) ?? str(a['ai.model.id']);
  const responseModel = str(a['gen_ai.response.model']) ?? str(a['llm.response.model']) ?? str(a['ai.response.model']);
  const inputTokens =
    num(a['gen_ai.usage.input_tokens']) ??
    num(a['gen_ai.usage.prompt_tokens']) ??
    num(a['llm.usage.prompt_tokens']) ??
    num(a['llm.token_count.prompt']) ??
    num(a['ai.usage.inputTokens']) ??
    num(a['ai.usage.promptTokens']);
  const outputTokens =
    num(a['gen_ai.usage.output_tokens']) ??
    num(a['gen_ai.usage.completion_tokens']) ??
    num(a['llm.usage.completion_tokens']) ??
    num(a['llm.token_count.completion']) ??
    num(a['ai.usage.outputTokens']) ??
    num(a['ai.usage.completionTokens']);
  const ttfcSeconds = num(a['gen_ai.response.time_to_first_chunk']) ?? num(a['gen_ai.server.time_to_first_token']);
  const ttfcMs = num(a['ai.response.msToFirstChunk']) ?? num(a['ai.stream.msToFirstChunk']);
  return {
    provider: providerOf(a),
    operation: operationOf(a),
    requestModel,
    responseModel,
    inputTokens,
    outputTokens,
    cacheReadInputTokens: num(a['gen_ai.usage.cache_read.input_tokens']),
    cacheCreationInputTokens: num(a['gen_ai.usage.cache_creation.input_tokens']),
    reasoningOutputTokens: num(a['gen_ai.usage.reasoning.output_tokens']),
    timeToFirstChunkMs: ttfcSeconds != null ? Math.round(ttfcSeconds * 1e6) / 1e3 : ttfcMs,
    finishReasons:
      stringList(a['gen_ai.response.finish_reasons']) ?? stringList(a['ai.response.finishReason']) ?? stringList(a['llm.response.finish_reason']),
    costUsd: estimateCostUsd(prices, responseModel ?? requestModel, inputTokens, outputTokens),
  };
}
