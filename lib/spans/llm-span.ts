import { SpanKind, SpanStatusCode, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { GenAiRequest, GenAiResponse } from '../providers/provider-adapter.js';
import type { ContentOptions } from '../content/content-options.js';
import { serializeContent } from '../content/serialize-content.js';
import { scrubUrl } from '../content/scrub-url.js';
import { scrubUrlsInText, type TextScrubber } from '../content/scrub-secrets.js';
import { recordSpanException } from './record-exception.js';
import * as sc from './semconv.js';
import { deferSpan } from './deferred-span.js';

/** What `startLlmSpan` needs. */
export interface LlmSpanStart {
  tracer: Tracer;
  /** The context active when the app called fetch: the span's parent. */
  parent: Context;
  request: GenAiRequest;
  url: URL;
  method: string;
  content: ContentOptions;
  /** Further attributes (association properties a foreign tracer provider would not stamp). */
  extra?: Attributes;
  /** Make the real span when it ends (nothing of it on the caller's path); a call sending `traceparent` may not. */
  deferred?: boolean;
}

/**
 * Starts the CLIENT span for one LLM call: name `{operation} {model}`, provider, request parameters, server address,
 * scrubbed URL and (when capture is on) input content. With `deferred`, the real span (and the serialization of its
 * input content) is made when it ends, with the start time taken now: nothing of it delays the response or the first
 * chunk. A call whose span context must go out (`traceparent`) starts at once.
 *
 * @example
 * const span = startLlmSpan({ tracer, parent: context.active(), request: genAiRequest, url: new URL('https://api.openai.com/v1/chat/completions'), method: 'POST', content, deferred: true });
 */
export function startLlmSpan({ tracer, parent, request, url, method, content, extra, deferred = false }: LlmSpanStart): Span {
  // What a sampler may decide on (the GenAI conventions' sampling-relevant attributes) goes to `startSpan`; the rest
  // is set on the started span in one `setAttributes`: the SDK copies and checks start attributes twice more, which on
  // a ~20-attribute span cost more than the span itself.
  const sampling: Attributes = {
    [sc.ATTR_GEN_AI_OPERATION_NAME]: request.operationName,
    [sc.ATTR_GEN_AI_PROVIDER_NAME]: request.providerName,
    [sc.ATTR_SERVER_ADDRESS]: url.hostname,
    [sc.ATTR_SERVER_PORT]: url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443,
  };
  if (request.model) sampling[sc.ATTR_GEN_AI_REQUEST_MODEL] = request.model;
  const attributes: Attributes = {
    [sc.ATTR_HTTP_REQUEST_METHOD]: method,
    [sc.ATTR_URL_FULL]: scrubUrl(url),
  };
  if (extra) for (const key in extra) attributes[key] = extra[key];
  const params = request.params;
  for (const key in params) {
    const value = params[key];
    if (isAttributeValue(value)) attributes[requestParamKey(key)] = value;
  }
  // From the request's one stream flag (an adapter of the app's own may still name it among its params).
  if (attributes[STREAM_KEY] === undefined) attributes[STREAM_KEY] = request.stream === true;
  if (request.attributes) Object.assign(attributes, request.attributes);
  const name = request.model ? `${request.operationName} ${request.model}` : request.operationName;
  const begin = (later?: Attributes, startTime?: number) => {
    setContent(attributes, sc.ATTR_GEN_AI_INPUT_MESSAGES, request.inputMessages, content);
    setContent(attributes, sc.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, request.systemInstructions, content);
    setContent(attributes, sc.ATTR_GEN_AI_TOOL_DEFINITIONS, request.toolDefinitions, content);
    const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: sampling, startTime }, parent);
    span.setAttributes(attributes);
    if (later) span.setAttributes(later); // what was recorded meanwhile, last (as it was set last)
    return span;
  };
  if (!deferred) return begin();
  // `performance.now()` is a TimeInput the SDK reads against its own clock, as it does for its default start time.
  const startTime = performance.now();
  return deferSpan((later) => begin(later, startTime));
}

/**
 * Records what a response (or an accumulated stream) said: model, id, finish reasons, exact usage, output content,
 * and a provider-reported error as `error.type` with ERROR status (its text passed through `scrub`: error bodies
 * may echo the request's key).
 *
 * @example
 * applyLlmResponse(span, { model: 'gpt-4o', usage: { inputTokens: 3, outputTokens: 5 } }, content);
 */
export function applyLlmResponse(span: Span, response: GenAiResponse, content: ContentOptions, scrub?: TextScrubber): void {
  const a: Attributes = {};
  if (response.model) a[sc.ATTR_GEN_AI_RESPONSE_MODEL] = response.model;
  if (response.id) a[sc.ATTR_GEN_AI_RESPONSE_ID] = response.id;
  if (response.finishReasons?.length) a[sc.ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = response.finishReasons;
  const u = response.usage;
  if (u) {
    setNumber(a, sc.ATTR_GEN_AI_USAGE_INPUT_TOKENS, u.inputTokens);
    setNumber(a, sc.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.outputTokens);
    setNumber(a, sc.ATTR_GEN_AI_USAGE_TOTAL_TOKENS, u.totalTokens);
    setNumber(a, sc.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, u.cacheReadInputTokens);
    setNumber(a, sc.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, u.cacheCreationInputTokens);
    setNumber(a, sc.ATTR_GEN_AI_USAGE_REASONING_TOKENS, u.reasoningTokens);
  }
  if (response.embeddings?.dimensions !== undefined) {
    a[sc.ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = response.embeddings.dimensions;
  }
  if (response.attributes) Object.assign(a, response.attributes);
  setContent(a, sc.ATTR_GEN_AI_OUTPUT_MESSAGES, response.outputMessages, content);
  span.setAttributes(a);
  if (response.error) markLlmSpanError(span, response.error.type, response.error.message, scrub);
}

/**
 * Marks a span as failed: `error.type` and ERROR status (the message is the provider's, never request content).
 * Both pass through `scrub` (default: URL credentials only; callers that know the request pass its credentials).
 *
 * @example
 * markLlmSpanError(span, '429', 'Rate limit reached');
 */
export function markLlmSpanError(span: Span, errorType: string, message?: string, scrub: TextScrubber = scrubUrlsInText): void {
  const type = scrub(errorType || '_OTHER');
  span.setAttribute(sc.ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: message === undefined ? type : scrub(message) });
}

/**
 * Records a thrown error (network failure, abort) on the span: exception event, `error.type` = the error's name.
 * Message and stack pass through `scrub` (runtimes quote the request URL, user info and all, in their errors).
 *
 * @example
 * recordLlmSpanException(span, new TypeError('fetch failed'));
 */
export function recordLlmSpanException(span: Span, error: unknown, scrub: TextScrubber = scrubUrlsInText): void {
  const name = errorName(error);
  recordSpanException(span, error, scrub);
  let message: string;
  try {
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = name;
  }
  markLlmSpanError(span, name, message, scrub);
}

/**
 * Adds the time-to-first-chunk attribute (seconds, float) and an event at the moment the first chunk arrived.
 *
 * @example
 * recordFirstChunk(span, performance.now() - started);
 */
export function recordFirstChunk(span: Span, elapsedMs: number): void {
  span.setAttribute(sc.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, elapsedMs / 1000);
  span.addEvent(sc.EVENT_GEN_AI_FIRST_CHUNK);
}

const STREAM_KEY = sc.ATTR_GEN_AI_REQUEST_PREFIX + 'stream';
// `gen_ai.request.<param>` names, built once per parameter instead of a fresh string per call (bounded: a custom
// adapter could invent keys).
const paramKeys = new Map<string, string>();
function requestParamKey(param: string): string {
  let key = paramKeys.get(param);
  if (key === undefined) {
    key = sc.ATTR_GEN_AI_REQUEST_PREFIX + param;
    if (paramKeys.size < 256) paramKeys.set(param, key);
  }
  return key;
}

function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { name?: unknown; type?: unknown; code?: unknown };
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    if (typeof e.type === 'string') return e.type;
    if (typeof e.code === 'string') return e.code;
    if (typeof e.name === 'string') return e.name;
  }
  return '_OTHER';
}

function setNumber(a: Attributes, key: string, value: number | undefined): void {
  if (typeof value === 'number' && Number.isFinite(value)) a[key] = value;
}

function setContent(a: Attributes, key: string, value: unknown, content: ContentOptions): void {
  const json = serializeContent(value, key as Parameters<typeof serializeContent>[1], content);
  if (json !== undefined) a[key] = json;
}

function isAttributeValue(value: unknown): value is string | number | boolean | string[] | number[] {
  const t = typeof value;
  if (t === 'string' || t === 'boolean') return true;
  if (t === 'number') return Number.isFinite(value as number);
  if (Array.isArray(value)) {
    return value.length > 0 && (value.every((v) => typeof v === 'string') || value.every((v) => typeof v === 'number'));
  }
  return false;
}
