import type { AttributeValue, Attributes } from './api-types.js';
import { firstNum, firstStr, str, stringList } from './attribute-readers.js';
import { DEFAULT_MODEL_PRICES, costAtPrice, findModelPrice, type PriceTable } from './model-prices.js';
import { providerLabel } from './provider-label.js';

/**
 * The scalar facts of an LLM span: who, which model, how many tokens, what it cost. Read from a handful of scalar
 * attributes only (never message content), so the server can compute it at ingest without decoding a span's
 * content, and `normalizeGenAi` builds its view on top of it: the two cannot disagree.
 *
 * Token counts follow the GenAI conventions whatever the sender: `inputTokens` includes the prompt-cache reads and
 * writes, `outputTokens` includes the reasoning tokens.
 */
export interface GenAiSummary {
  /** One label per provider (`openai`, `anthropic`, `gcp.gemini` ...), whatever the dialect called it. */
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
  /** Estimated from the price table (cache reads and writes at their own prices); 0 for a local model; null when unknown. */
  costUsd: number | null;
  /**
   * The kind of application span this is, when the sender says (`workflow`, `task`, `agent`, `tool`, `chain` ...),
   * from Traceloop's `traceloop.span.kind`, OpenInference's span kind, the AI SDK's tool calls or the GenAI
   * `execute_tool` / `invoke_agent` operations; null for plain LLM calls. Optional for summaries made before it.
   */
  entityKind?: string | null;
  /**
   * What the summary did beyond reading (said, never silent): e.g. input tokens a sender left out added back, or a
   * local model priced at 0. Null when nothing. Optional for summaries made before it.
   */
  notes?: string[] | null;
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
  'embedding.model_name',
];

const PROVIDER_KEYS = ['gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system', 'ai.model.provider'];
const REQUEST_MODEL_KEYS = ['gen_ai.request.model', 'llm.request.model', 'llm.model_name', 'embedding.model_name', 'ai.model.id'];
const RESPONSE_MODEL_KEYS = ['gen_ai.response.model', 'llm.response.model', 'ai.response.model'];
/** `ai.usage.tokens` is what the AI SDK's `embed` / `embedMany` report. */
const INPUT_KEYS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.usage.prompt_tokens',
  'llm.token_count.prompt',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
  'ai.usage.tokens',
];
const OUTPUT_KEYS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.usage.completion_tokens',
  'llm.token_count.completion',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
];
/** Semconv, Sentry-style, OpenLLMetry, OpenInference, AI SDK 6, AI SDK 5. */
const CACHE_READ_KEYS = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.input_tokens.cached',
  'gen_ai.usage.cache_read_input_tokens',
  'llm.token_count.prompt_details.cache_read',
  'ai.usage.inputTokenDetails.cacheReadTokens',
  'ai.usage.cachedInputTokens',
];
/** Semconv, Anthropic's SDK (`cache_write`), Sentry-style, OpenLLMetry, OpenInference, AI SDK 6. */
const CACHE_CREATION_KEYS = [
  'gen_ai.usage.cache_creation.input_tokens',
  'gen_ai.usage.cache_write.input_tokens',
  'gen_ai.usage.input_tokens.cache_write',
  'gen_ai.usage.cache_creation_input_tokens',
  'llm.token_count.prompt_details.cache_write',
  'ai.usage.inputTokenDetails.cacheWriteTokens',
];
/** Semconv, Sentry-style, Traceloop, OpenInference, AI SDK 6, AI SDK 5. */
const REASONING_KEYS = [
  'gen_ai.usage.reasoning.output_tokens',
  'gen_ai.usage.output_tokens.reasoning',
  'gen_ai.usage.reasoning_tokens',
  'llm.token_count.completion_details.reasoning',
  'ai.usage.outputTokenDetails.reasoningTokens',
  'ai.usage.reasoningTokens',
];
const TTFC_SECONDS_KEYS = ['gen_ai.response.time_to_first_chunk', 'gen_ai.server.time_to_first_token'];
const TTFC_MS_KEYS = ['ai.response.msToFirstChunk', 'ai.stream.msToFirstChunk'];
/** Semconv, AI SDK, OpenLLMetry, OpenInference, Anthropic's SDK. */
const FINISH_KEYS = [
  'gen_ai.response.finish_reasons',
  'ai.response.finishReason',
  'llm.response.finish_reason',
  'llm.finish_reason',
  'anthropic.message.stop_reason',
];
const ENTITY_KEYS = ['traceloop.span.kind', 'openinference.span.kind', 'ai.operationId'];
const HOST_KEYS = ['server.address'];

/**
 * Every attribute key `genAiSummary` reads. The server's ingest decodes only these (plus the span's identity) into
 * the attributes it passes: a key missing here would be silently ignored at ingest, so the summary's tests check
 * that reading only these keys gives the same summary as reading them all.
 */
export const GEN_AI_SUMMARY_KEYS: ReadonlySet<string> = new Set([
  ...LLM_MARKERS,
  ...PROVIDER_KEYS,
  ...REQUEST_MODEL_KEYS,
  ...RESPONSE_MODEL_KEYS,
  ...INPUT_KEYS,
  ...OUTPUT_KEYS,
  ...CACHE_READ_KEYS,
  ...CACHE_CREATION_KEYS,
  ...REASONING_KEYS,
  ...TTFC_SECONDS_KEYS,
  ...TTFC_MS_KEYS,
  ...FINISH_KEYS,
  ...ENTITY_KEYS,
  ...HOST_KEYS,
]);

function providerOf(a: Attributes): string | null {
  const p = firstStr(a, PROVIDER_KEYS);
  return p ? providerLabel(p) : null;
}

function operationOf(a: Attributes): string | null {
  const op = str(a['gen_ai.operation.name']) ?? str(a['llm.request.type']);
  if (op) return op === 'completion' ? 'text_completion' : op === 'embedding' ? 'embeddings' : op;
  const kind = str(a['openinference.span.kind']);
  if (kind === 'LLM') return 'chat';
  if (kind === 'EMBEDDING') return 'embeddings';
  const id = str(a['ai.operationId']);
  if (id && id !== 'ai.toolCall') return id.includes('embed') ? 'embeddings' : 'chat';
  return null;
}

const OPENINFERENCE_ENTITY_KINDS = new Set(['CHAIN', 'TOOL', 'AGENT', 'RETRIEVER', 'RERANKER', 'GUARDRAIL', 'EVALUATOR']);

/**
 * The application-level kind of a span (`workflow`, `task`, `agent`, `tool`, `chain`, `retriever` ...), from any
 * dialect that says; null for LLM calls and plain spans.
 * @example entityKindOf({ 'traceloop.span.kind': 'tool' }) // 'tool'
 */
export function entityKindOf(a: Attributes): string | null {
  const traceloop = str(a['traceloop.span.kind']);
  if (traceloop && traceloop !== 'llm') return traceloop.toLowerCase();
  const oi = str(a['openinference.span.kind']);
  if (oi && OPENINFERENCE_ENTITY_KINDS.has(oi.toUpperCase())) return oi.toLowerCase();
  if (a['ai.operationId'] === 'ai.toolCall') return 'tool';
  const op = str(a['gen_ai.operation.name']);
  if (op === 'execute_tool') return 'tool';
  if (op === 'invoke_agent' || op === 'create_agent') return 'agent';
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

/** GenAI operations that are not a model call of their own. */
const NOT_MODEL_CALLS = new Set(['invoke_agent', 'create_agent', 'execute_tool', 'workflow', 'task']);

/**
 * Whether a summary (or a `genAi` view, which extends it) is a model call: not an agent, tool or workflow span that
 * carries `gen_ai.*` attributes of its own (LangChain's `workflow` spans, `invoke_agent`, `execute_tool`), and not
 * an application span (Traceloop workflow / task / agent / tool, OpenInference chain / tool / agent) that names no
 * model. The one rule of the UI's totals and the server's trace summaries.
 * @example isModelCallSummary(genAiSummary(span.attributes)) // false for a Traceloop workflow span without a model
 */
export function isModelCallSummary(s: Pick<GenAiSummary, 'operation' | 'requestModel' | 'responseModel' | 'entityKind'> | null | undefined): boolean {
  if (!s) return false;
  if (NOT_MODEL_CALLS.has(s.operation ?? '')) return false;
  if (s.entityKind && !s.requestModel && !s.responseModel) return false;
  return true;
}

/**
 * Whether a host is this machine: a model served there (Ollama, vLLM, llama.cpp, LM Studio) costs nothing per token.
 * @example isLocalHost('127.0.0.1') // true
 */
export function isLocalHost(host: string | null): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || h === '0.0.0.0' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

/**
 * The scalar GenAI facts of a span in any dialect; null for spans that are not LLM calls. Reads only
 * `GEN_AI_SUMMARY_KEYS`.
 * @example genAiSummary({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10 })?.inputTokens // 10
 */
export function genAiSummary(a: Attributes, prices: PriceTable = DEFAULT_MODEL_PRICES): GenAiSummary | null {
  if (!isGenAiSpan(a)) return null;
  const notes: string[] = [];
  const requestModel = firstStr(a, REQUEST_MODEL_KEYS);
  const responseModel = firstStr(a, RESPONSE_MODEL_KEYS);
  const provider = providerOf(a);
  const cacheRead = firstNum(a, CACHE_READ_KEYS);
  const cacheCreation = firstNum(a, CACHE_CREATION_KEYS);
  const reasoning = firstNum(a, REASONING_KEYS);
  let inputTokens = firstNum(a, INPUT_KEYS);
  let outputTokens = firstNum(a, OUTPUT_KEYS);
  // Some senders pass a provider's raw counts on: Anthropic's `input_tokens` leaves the cache out, Gemini's
  // candidates leave the thoughts out. A part larger than its whole can only mean that; add it back and say so.
  const cached = (cacheRead ?? 0) + (cacheCreation ?? 0);
  if (inputTokens !== null && cached > inputTokens) {
    notes.push(`input tokens: the sender's ${inputTokens} left out ${cached} prompt-cache tokens, added here`);
    inputTokens += cached;
  }
  if (outputTokens !== null && reasoning !== null && reasoning > outputTokens) {
    notes.push(`output tokens: the sender's ${outputTokens} left out ${reasoning} reasoning tokens, added here`);
    outputTokens += reasoning;
  }
  const ttfcSeconds = firstNum(a, TTFC_SECONDS_KEYS);
  const ttfcMs = firstNum(a, TTFC_MS_KEYS);
  let finishReasons: string[] | null = null;
  for (const key of FINISH_KEYS) if ((finishReasons = stringList(a[key] as AttributeValue))) break;
  return {
    provider,
    operation: operationOf(a),
    requestModel,
    responseModel,
    inputTokens,
    outputTokens,
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheCreation,
    reasoningOutputTokens: reasoning,
    timeToFirstChunkMs: ttfcSeconds != null ? Math.round(ttfcSeconds * 1e6) / 1e3 : ttfcMs,
    finishReasons,
    costUsd: costOf(prices, { requestModel, responseModel, provider, host: str(a['server.address']), inputTokens, outputTokens, cacheRead, cacheCreation }, notes),
    entityKind: entityKindOf(a),
    notes: notes.length ? notes : null,
  };
}

interface CostInputs {
  requestModel: string | null;
  responseModel: string | null;
  provider: string | null;
  host: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheRead: number | null;
  cacheCreation: number | null;
}

function costOf(prices: PriceTable, c: CostInputs, notes: string[]): number | null {
  if (c.inputTokens == null && c.outputTokens == null) return null;
  const model = c.responseModel ?? c.requestModel;
  const price = findModelPrice(prices, model) ?? (model !== c.requestModel ? findModelPrice(prices, c.requestModel) : null);
  if (price) return costAtPrice(price, c.inputTokens, c.outputTokens, { cacheReadInputTokens: c.cacheRead, cacheCreationInputTokens: c.cacheCreation });
  // A model the table does not know, served by Ollama or on this machine: no per-token price to pay. (A model the
  // table knows keeps its price even on localhost: that is a gateway such as LiteLLM forwarding to the vendor.)
  if (c.provider === 'ollama' || isLocalHost(c.host)) {
    notes.push(`cost: ${model ?? 'the model'} runs ${c.provider === 'ollama' ? 'on Ollama' : `on this machine (${c.host})`}, no per-token price`);
    return 0;
  }
  return null;
}
