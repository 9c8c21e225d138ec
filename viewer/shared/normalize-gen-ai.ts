import type { Attributes, GenAiView, MessagePart as Part, NormalizedMessage, SpanEvent } from './api-types.js';
import { json } from './attribute-readers.js';
import { DEFAULT_MODEL_PRICES, type PriceTable } from './model-prices.js';
import { genAiSummary, type GenAiSummary } from './gen-ai-summary.js';
import { contentPart, contentToParts, toMessages } from './message-parts.js';
import { indexed, openInferenceMessages, openLlmetryMessages } from './indexed-messages.js';
import { eventMessages } from './event-messages.js';
import { aiSdkInput, aiSdkOutput, embeddingInput } from './ai-sdk-messages.js';
import { normalizeEntity } from './normalize-entity.js';
import { OPENINFERENCE_CONTENT, OPENLLMETRY_CONTENT, SEMCONV_CONTENT } from '../../lib/forward/content-registry.js';

/** The parts of a span the normalizer reads. */
export interface GenAiSource {
  name?: string;
  attributes: Attributes;
  events?: SpanEvent[];
}

function splitSystem(messages: NormalizedMessage[] | null): { rest: NormalizedMessage[] | null; system: Part[] | null } {
  if (!messages) return { rest: null, system: null };
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').flatMap((m) => m.parts);
  const rest = messages.filter((m) => m.role !== 'system' && m.role !== 'developer');
  return { rest, system: system.length ? system : null };
}

function systemInstructions(v: Attributes[string] | undefined): Part[] | null {
  if (v == null) return null;
  const parsed = json(v);
  if (Array.isArray(parsed)) return parsed.flatMap((p) => contentPart(p));
  return contentToParts(parsed);
}

function finishReasonsOf(messages: NormalizedMessage[] | null): string[] | null {
  const reasons = messages?.map((m) => m.finish_reason).filter((r): r is string => !!r);
  return reasons?.length ? reasons : null;
}

/** The summary of a span that is not an LLM call (a tool, workflow or agent span): nothing to say. */
const NO_SUMMARY: GenAiSummary = {
  provider: null,
  operation: null,
  requestModel: null,
  responseModel: null,
  inputTokens: null,
  outputTokens: null,
  cacheReadInputTokens: null,
  cacheCreationInputTokens: null,
  reasoningOutputTokens: null,
  timeToFirstChunkMs: null,
  finishReasons: null,
  costUsd: null,
  entityKind: null,
  notes: null,
};

/**
 * Reads one normalized `GenAiView` from a span in any dialect: current OTel GenAI conventions, OpenLLMetry's indexed
 * attributes, GenAI message events, OpenInference, or the Vercel AI SDK; for application spans (tools, chains,
 * workflows, agents) their input and output as `entity`. Null for spans that are neither. Pure; used by the server
 * and by the UI for imported data.
 * @example normalizeGenAi({ attributes: { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10 } })?.inputTokens // 10
 */
export function normalizeGenAi(span: GenAiSource, prices: PriceTable = DEFAULT_MODEL_PRICES): GenAiView | null {
  const a = span.attributes;
  const summary = genAiSummary(a, prices);
  const entity = normalizeEntity(a, span.name);
  if (!summary && !entity) return null;
  // Each dialect is read only when the ones before it found nothing (`??` is lazy): a span in the current
  // conventions never pays for scanning its attributes for indexed, OpenInference or AI SDK keys.
  let events: ReturnType<typeof eventMessages> | undefined;
  const eventsOf = () => (events ??= eventMessages(span.events ?? []));
  const llm = !!summary;
  const input = !llm
    ? null
    : toMessages(a[SEMCONV_CONTENT.inputMessages]) ??
      openLlmetryMessages(a, OPENLLMETRY_CONTENT.prompt, 'user') ??
      openLlmetryMessages(a, OPENLLMETRY_CONTENT.legacyPrompts, 'user') ??
      eventsOf().input ??
      openInferenceMessages(a, OPENINFERENCE_CONTENT.inputMessages, 'user') ??
      aiSdkInput(a) ??
      embeddingInput(a, indexed(a, OPENINFERENCE_CONTENT.embeddings).map((e) => e['embedding.text']));
  const output = !llm
    ? null
    : toMessages(a[SEMCONV_CONTENT.outputMessages], 'assistant') ??
      openLlmetryMessages(a, OPENLLMETRY_CONTENT.completion, 'assistant') ??
      openLlmetryMessages(a, OPENLLMETRY_CONTENT.legacyCompletions, 'assistant') ??
      eventsOf().output ??
      openInferenceMessages(a, OPENINFERENCE_CONTENT.outputMessages, 'assistant') ??
      aiSdkOutput(a);
  const split = splitSystem(input);
  const system = llm ? (systemInstructions(a[SEMCONV_CONTENT.systemInstructions]) ?? split.system) : null;
  const base = summary ?? NO_SUMMARY;
  return {
    ...base,
    entityKind: base.entityKind ?? entity?.kind ?? null,
    finishReasons: base.finishReasons ?? finishReasonsOf(output),
    inputMessages: split.rest,
    outputMessages: output,
    systemInstructions: system,
    entity,
  };
}
